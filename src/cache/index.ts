export { openCache, type RunCache } from './run-cache'
export { compileForNode, transpilePython, transpileTypescript, type PythonModule, type ScannedModule } from './transpiled'
export { cacheSettings } from './settings'
export type * from './types'
