import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, errnoOf } from '../errors'
import { DEFAULT_PHI_EXTENSION } from '../kinds/extensions'
import { defaultTable, projectTable } from '../transpile/symbol-table'
import { DEFAULT_SYMBOLS } from '../transpile/symbols'
import type { Dialect, SymbolPair, SymbolTable } from '../transpile/types'
import { parseJson } from './json'
import { readSecurity } from './_security'
import { validationModeFromEnv } from './env'
import { CONFIG_DIRS, findProjectRoot } from './root'
import type { LoadedConfig, PhicodeConfig, ValidationMode } from './types'
import { applyCustomSymbols } from './validate'
import { noteProbe } from '../util/probes'

const KNOWN_FIELDS = new Set(['file_extension', 'language', 'symbols', 'python', 'typescript', 'security'])

export const DEFAULT_FILE_EXTENSION = DEFAULT_PHI_EXTENSION

/** The config file of the project `root`, if it has one: `.(φ)/config.json`, then `.phicode/config.json`. */
export function findConfigFile(root: string): string | undefined {
  for (const dir of CONFIG_DIRS) {
    const file = join(root, dir, 'config.json')
    noteProbe(file, 'content')
    try {
      if (statSync(file).isFile()) return file
    } catch {
      // No config here (ENOENT, or a parent that is not a directory): the next location is tried.
    }
  }
  return undefined
}

const cache = new Map<string, LoadedConfig>()

/**
 * The config of the project containing `start` (a directory), with its symbol tables compiled.
 * Synchronous, because the Bun plugin's onLoad that needs it is. Cached per file version.
 */
export function loadConfig(start: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const root = findProjectRoot(start)
  const file = findConfigFile(root)
  const mode = validationModeFromEnv(env)
  const key = `${root}\0${file ?? ''}\0${file ? versionOf(file) : ''}\0${mode.validate}${mode.strict}`
  let loaded = cache.get(key)
  if (!loaded) {
    loaded = file ? readConfig(root, file, mode) : fromObject(root, undefined, {}, mode)
    cache.set(key, loaded)
  }
  return loaded
}

function versionOf(file: string): string {
  const st = statSync(file)
  return `${st.mtimeMs}:${st.size}`
}

function readConfig(root: string, file: string, mode: ValidationMode): LoadedConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, `cannot be read (${errnoOf(error) ?? 'error'})`, { cause: error })
  }
  // Editors on Windows save JSON with a byte order mark; JSON.parse refuses it.
  const data = parseJson(text.replace(/^\uFEFF/, ''), file)
  if (!isObject(data)) throw new ConfigError(file, 'must hold a JSON object')
  return fromObject(root, file, data, mode)
}

/** Builds a loaded config from a parsed object; `file` names the source in errors. */
function fromObject(
  root: string,
  file: string | undefined,
  data: Record<string, unknown>,
  mode: ValidationMode,
): LoadedConfig {
  const where = file ?? '<config>'
  const warnings: string[] = []
  for (const key of Object.keys(data)) if (!KNOWN_FIELDS.has(key)) warnings.push(`${where}: unknown field '${key}' ignored`)
  const config: PhicodeConfig = {
    file_extension: readExtension(data.file_extension, where),
    symbols: readSymbols(data.symbols, `${where}: symbols`),
    python: { symbols: readSection(data.python, `${where}: python`) },
    typescript: { symbols: readSection(data.typescript, `${where}: typescript`) },
    security: readSecurity(data.security, where),
  }
  const language = readLanguage(data.language, where)
  if (language) config.language = language
  const python = applyCustomSymbols(
    'python',
    [...Object.entries(config.symbols), ...Object.entries(config.python.symbols)],
    `${where}: symbols`,
    mode,
  )
  const typescript = applyCustomSymbols('typescript', Object.entries(config.typescript.symbols), `${where}: typescript.symbols`, mode)
  return {
    root,
    file,
    config,
    tables: lazyTables({ python: python.pairs, typescript: typescript.pairs }),
    warnings: [...warnings, ...python.warnings, ...typescript.warnings],
  }
}

/**
 * Tables are compiled on first use: a run needs one dialect's, and compiling costs start-up
 * time. The defaults are shared by every project that does not change them.
 */
function lazyTables(pairs: Record<Dialect, readonly SymbolPair[]>): Record<Dialect, SymbolTable> {
  const compiled: Partial<Record<Dialect, SymbolTable>> = {}
  const get = (dialect: Dialect): SymbolTable =>
    (compiled[dialect] ??= sameAsDefault(dialect, pairs[dialect]) ? defaultTable(dialect) : projectTable(dialect, pairs[dialect]))
  return {
    get python() {
      return get('python')
    },
    get typescript() {
      return get('typescript')
    },
  }
}

function sameAsDefault(dialect: Dialect, pairs: readonly SymbolPair[]): boolean {
  const defaults = DEFAULT_SYMBOLS[dialect]
  if (pairs === defaults) return true
  return pairs.length === defaults.length && pairs.every((p, i) => p.keyword === defaults[i]!.keyword && p.symbol === defaults[i]!.symbol)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function readExtension(value: unknown, where: string): string {
  if (value === undefined) return DEFAULT_FILE_EXTENSION
  if (typeof value !== 'string' || !/^\.[^./\\\s]+$/u.test(value)) {
    throw new ConfigError(`${where}: file_extension`, `must be a file extension such as ".φ", got ${JSON.stringify(value)}`)
  }
  return value
}

function readSymbols(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {}
  if (!isObject(value)) throw new ConfigError(where, 'must be an object mapping keywords to symbols')
  return value as Record<string, string>
}

function readSection(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {}
  if (!isObject(value)) throw new ConfigError(where, 'must be an object such as {"symbols": {…}}')
  return readSymbols(value.symbols, `${where}.symbols`)
}

function readLanguage(value: unknown, where: string): Dialect | undefined {
  if (value === undefined) return undefined
  if (value !== 'python' && value !== 'typescript') {
    throw new ConfigError(`${where}: language`, `must be "python" or "typescript", got ${JSON.stringify(value)}`)
  }
  return value
}
