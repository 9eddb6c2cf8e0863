/**
 * The phicode library: the φ transpiler for both dialects, its symbol tables and the config
 * loader. The Bun plugin is exported from `phicode/plugin`.
 */
export {
  convert, decodeSource, defaultTable, detectDialect, encodeSource, toPhicode, transpile,
  buildTable, DEFAULT_SYMBOLS, PYTHON_SYMBOLS, TranspileError, TYPESCRIPT_SYMBOLS,
} from './transpile'
export type {
  ConvertOptions, ConvertResult, Dialect, Direction, SymbolEntry, SymbolPair, SymbolTable, TranspileErrorCode,
} from './transpile'
export { findProjectRoot, generateConfig, loadConfig, resetConfig } from './config'
export type { LoadedConfig, PhicodeConfig } from './config'
export { ConfigError, EXIT, PhicodeError } from './errors'
