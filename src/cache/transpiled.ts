import type { convert as Convert } from '../transpile/convert'
import type { decodePhiSource as DecodePhiSource } from '../transpile/source'
import type { ModuleSpecifier, scanImports as ScanImports } from '../transpile/specifiers'
import type { SymbolTable } from '../transpile/types'
import { contentKey, digestHex } from './digest'
import { ENGINE } from './engine'
import type { RunCache } from './run-cache'

/**
 * The transpiled layer: what the transpiler made of a source, keyed by the source's content,
 * the symbol table's id and the engine, so an edit, a changed config or a new phicode each
 * lead to other keys. The memory layer answers first, then the disk, then the transpiler.
 */
export interface PythonModule {
  /** The Python source as UTF-8. */
  text: Uint8Array
  /** Its digest: the key of its bytecode. */
  digest: string
}

export interface ScannedModule {
  code: string
  specifiers: ModuleSpecifier[]
}

const encoder = new TextEncoder()

/*
 * The scanners are evaluated only on a miss: a run whose every module is in the cache never
 * needs them, and evaluating them cost each start about a millisecond (issue 16). `require`
 * keeps them in the bundle's chunk graph, initialised on first use.
 */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const converter = (): { convert: typeof Convert } => require('../transpile/convert')
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const sources = (): { decodePhiSource: typeof DecodePhiSource } => require('../transpile/source')
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const specifiers = (): { scanImports: typeof ScanImports } => require('../transpile/specifiers')

function cached<T>(
  cache: RunCache | undefined,
  kind: string,
  key: string,
  decode: (body: Uint8Array, digest: string) => T,
  compute: () => { value: T; body: Uint8Array; digest?: string },
  remember = true,
): T {
  if (!cache) return compute().value
  const memoryOn = remember && cache.settings.memoryEntries > 0
  if (memoryOn) {
    const hit = cache.memory.get(key) as T | undefined
    if (hit !== undefined) {
      cache.counts.memory.hits++
      return hit
    }
    cache.counts.memory.misses++
  }
  const disk = cache.disk('transpiled', kind)
  const stored = disk?.get(key)
  let value: T
  if (stored) value = decode(stored.body, stored.digest)
  else {
    const made = compute()
    value = made.value
    disk?.put(key, made.body, made.digest)
  }
  if (memoryOn) cache.memory.set(key, value)
  return value
}

/** φ-Python source bytes → Python source. Throws `TranspileError` as the transpiler does. */
export function transpilePython(cache: RunCache | undefined, source: Uint8Array, table: SymbolTable, filename: string): PythonModule {
  const key = contentKey([ENGINE, 'python', table.id], source)
  return cached(cache, 'python', key, (text, digest) => ({ text, digest }), () => {
    const text = encoder.encode(converter().convert(sources().decodePhiSource(source).text, 'forward', { table, filename }).code)
    const digest = digestHex(text)
    return { value: { text, digest }, body: text, digest }
  })
}

/**
 * A typescript-dialect φ file (with its table) or a plain TS/JS file (without) → its code and
 * module specifiers, as `scanImports` gives them (the TypeScript side of `transpilePython`). Not kept in memory: the plugin keeps what
 * it prepares from it (see `loadModule`).
 */
export function transpileTypescript(cache: RunCache | undefined, source: string, table: SymbolTable | undefined, jsx: boolean, filename: string): ScannedModule {
  const key = contentKey([ENGINE, 'typescript', table?.id ?? 'plain', jsx ? 'jsx' : ''], source)
  return cached(cache, 'typescript', key, (body) => JSON.parse(new TextDecoder().decode(body)) as ScannedModule, () => {
    const value = specifiers().scanImports(source, { table, jsx, filename })
    return { value, body: encoder.encode(JSON.stringify(value)) }
  }, false)
}

/**
 * A project file compiled for Node (φ → TypeScript → JavaScript with its source map). `fields`
 * name everything besides the content that the output depends on (path, table, entry or not).
 */
export async function compileForNode(cache: RunCache | undefined, fields: readonly string[], source: string, compute: () => Promise<string>): Promise<string> {
  const disk = cache?.disk('transpiled', 'node')
  if (!disk) return compute()
  const key = contentKey([ENGINE, 'node', ...fields], source)
  const stored = disk.get(key)
  if (stored) return new TextDecoder().decode(stored.body)
  const code = await compute()
  disk.put(key, encoder.encode(code))
  return code
}
