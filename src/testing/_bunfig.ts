import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { EXIT, PhicodeError } from '../errors'

/** The `[test]` settings of a bunfig.toml that decide which files bun test runs. */
export interface BunfigTest {
  /** Where discovery starts (absolute). */
  root: string | undefined
  /** Globs over paths relative to the working directory. */
  pathIgnorePatterns: string[]
}

const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [])

/**
 * `[test] root` and `pathIgnorePatterns` of the bunfig.toml bun test reads (`--config`, else the
 * working directory's), since phicode chooses the files. Only read, as data: the file runs
 * nothing in phicode. The Bun child applies everything else in it.
 */
export function readBunfigTest(cwd: string, config: string | undefined): BunfigTest {
  const path = resolve(cwd, config ?? 'bunfig.toml')
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    if (config !== undefined) throw new PhicodeError(`${config}: cannot read the bun config`, EXIT.NOT_FOUND)
    return { root: undefined, pathIgnorePatterns: [] }
  }
  let test: Record<string, unknown>
  try {
    test = ((Bun.TOML.parse(text) as Record<string, unknown>).test ?? {}) as Record<string, unknown>
  } catch (error) {
    throw new PhicodeError(`${path}: not valid TOML: ${(error as Error).message}`, EXIT.CONFIG, { cause: error })
  }
  const root = typeof test.root === 'string' ? resolve(dirname(path), test.root) : undefined
  return { root, pathIgnorePatterns: strings(test.pathIgnorePatterns) }
}
