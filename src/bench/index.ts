/** `phicode --benchmark`: the suite users run on their machine and project (docs/benchmark.md). */
export { compareFigure } from './compare'
export { createProgress } from './progress'
export { runBenchmark } from './run'
export { SCENARIOS } from './scenarios'
export type * from './types'
