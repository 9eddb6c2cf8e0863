export { openCache, type RunCache } from './run-cache'
export { compileForNode, scanTypescript, transpilePython, type PythonModule, type ScannedModule } from './transpiled'
export { cacheSettings } from './settings'
export type * from './types'
