/**
 * Light commands a start rarely needs, behind one lazy import. The binary is built with
 * --splitting, which makes a chunk of every set of modules shared by the same lazy imports: a
 * lazy import per command cut the run path into some thirty chunks, each read and linked on
 * every run; with these behind one import it is about twenty. `--version`, `--help`, the run,
 * Phiemon (its supervisor lives long and should stay small), the API server and the benchmark
 * (zod and the suites: milliseconds these commands would all pay) keep their own.
 */
export * from './build'
export * from './cache'
export * from './config'
export * from './convert'
export * from './interpreters'
export * from './security'
export * from './test'
export * from './symbols'
export * from './python-hook'
