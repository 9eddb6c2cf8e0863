/** `phicode --benchmark`: the suite users run on their machine and project (docs/benchmark.md). */
export { compareFigure, compareReports, Z } from './compare'
export { createProgress, type Progress } from './progress'
export { runBenchmark, type BenchOptions } from './run'
export { SCENARIOS } from './scenarios'
export type * from './types'
