import { rmdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { EXIT, PhicodeError } from '../errors'
import { DEFAULT_SYMBOLS } from '../transpile/symbols'
import { writeFileAtomicSync } from '../util/atomic-write'
import type { Dialect } from '../transpile/types'
import { DEFAULT_FILE_EXTENSION, findConfigFile } from './load'

const toRecord = (dialect: Dialect): Record<string, string> =>
  Object.fromEntries(DEFAULT_SYMBOLS[dialect].map((p) => [p.keyword, p.symbol]))

/** The config `--config-generate` writes: every default mapping, ready to edit. */
function defaultConfigObject(): Record<string, unknown> {
  return {
    file_extension: DEFAULT_FILE_EXTENSION,
    symbols: toRecord('python'),
    typescript: { symbols: toRecord('typescript') },
    security: { mode: 'warn', allow: [], allowPaths: [] },
  }
}

/** Writes `<root>/.(φ)/config.json` atomically; refuses to replace an existing one unless `force`. */
export function generateConfig(root: string, force = false): string {
  const existing = findConfigFile(root)
  if (existing && !force) {
    throw new PhicodeError(`${existing} already exists; pass --force to overwrite it`, EXIT.CANT_WRITE)
  }
  const file = join(root, '.(φ)', 'config.json')
  try {
    writeFileAtomicSync(file, JSON.stringify(defaultConfigObject(), null, 2) + '\n')
  } catch (error) {
    throw new PhicodeError(`cannot write ${file}: ${(error as Error).message}`, EXIT.CANT_WRITE, { cause: error })
  }
  return file
}

/** Removes the project's config file (and its folder when that leaves it empty). */
export function resetConfig(root: string): string | undefined {
  const file = findConfigFile(root)
  if (!file) return undefined
  rmSync(file)
  try {
    rmdirSync(dirname(file))
  } catch {
    // The folder holds other files (the cache, benchmarks): it stays.
  }
  return file
}
