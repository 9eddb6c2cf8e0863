import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { bunExtensions } from '../kinds'

/** The files `bun test` runs by itself: JavaScript and TypeScript. */
export const BUN_TEST_EXTENSIONS = bunExtensions()

/** `x.test`, `x_test`, `x.spec`, `x_spec`: Bun's test file names, before the extension. */
const TEST_NAME = /[._](?:test|spec)$/

export interface DiscoverOptions {
  /** What paths are relative to, and where discovery starts unless `root` says. */
  cwd: string
  /** bunfig's `[test] root`: where discovery starts. */
  root?: string
  /** φ extensions (`.φ`, `.phi`, the project's own). */
  phiExtensions: string[]
  /** `bun test` path filters: a file, a folder, else a substring of a test file's path. */
  filters: string[]
  /** Globs over relative paths, as `--path-ignore-patterns`. */
  ignore: string[]
}

export interface Discovered {
  /** Absolute paths, sorted. */
  files: string[]
  /** Filters that named nothing. */
  unmatched: string[]
}

const extensionOf = (name: string, extensions: readonly string[]): string | undefined => extensions.find((ext) => name.endsWith(ext))

/** A test file by name, as Bun tells one: the name before the extension ends in `.test`, `_spec` … */
function isTestFile(name: string, phiExtensions: readonly string[]): boolean {
  const ext = extensionOf(name, phiExtensions) ?? extensionOf(name, BUN_TEST_EXTENSIONS)
  return ext !== undefined && TEST_NAME.test(name.slice(0, -ext.length))
}

/** Test files under `dir`, skipping `node_modules` and hidden folders as `bun test` does (it reads no .gitignore). */
function walk(dir: string, phiExtensions: readonly string[], out: string[]): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path, phiExtensions, out)
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isTestFile(entry.name, phiExtensions)) out.push(path)
  }
}

function kindOf(path: string): 'file' | 'dir' | undefined {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat?.isDirectory() ? 'dir' : stat?.isFile() ? 'file' : undefined
}

/**
 * The test files `bun test [filters]` would run, φ ones included: every test file under `root`
 * (else `cwd`) without filters; with them, the files and folders they name, and the test files whose path
 * relative to `cwd` contains one of the others.
 */
export function discoverTests(options: DiscoverOptions): Discovered {
  const { cwd, phiExtensions, filters } = options
  const found = new Set<string>()
  const unmatched: string[] = []
  let all: string[] | undefined
  const everything = () => {
    if (all === undefined) walk(options.root ?? cwd, phiExtensions, (all = []))
    return all
  }
  if (filters.length === 0) for (const path of everything()) found.add(path)
  for (const filter of filters) {
    const path = resolve(cwd, filter)
    const kind = kindOf(path)
    const before = found.size
    if (kind === 'file') found.add(path)
    else if (kind === 'dir') {
      const inside: string[] = []
      walk(path, phiExtensions, inside)
      for (const file of inside) found.add(file)
    } else {
      const needle = filter.split('/').join(sep)
      for (const file of everything()) if (relative(cwd, file).includes(needle)) found.add(file)
    }
    if (found.size === before && kind !== 'file') unmatched.push(filter)
  }
  const ignore = options.ignore.map((pattern) => new Bun.Glob(pattern))
  const files = [...found].filter((file) => !ignore.some((glob) => glob.match(relative(cwd, file)))).sort()
  return { files, unmatched }
}
