export { generateConfig, resetConfig } from './generate'
export { loadConfig } from './load'
export { findProjectRoot } from './root'
export type * from './types'
