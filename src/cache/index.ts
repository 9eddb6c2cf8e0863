export { openCache, type RunCache } from './run-cache'
export { contentMark } from './marks'
export { transpilePython, transpileTypescript } from './transpiled'
export type * from './types'
