/**
 * Small φ projects and the means to inspect, damage and forge their caches, for the cache
 * tests. Every run goes through the compiled binary; the cache files are only ever read or
 * rewritten here with the engine's own format code, never trusted from it.
 */
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { decodePack, encodePack } from '../../../src/cache/_pack'
import { encodeEntry, parseEntry } from '../../../src/cache/_entry'
import type { CacheReport } from '../../../src/cache/types'
import { runPhicode, type RunResult } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

export type Dialect = 'python' | 'typescript'

/**
 * The python project: a package, a plain name import, and two modules whose transpiled text is
 * identical (they share one bytecode entry, so each must still report its own file).
 */
const PYTHON: Record<string, string> = {
  'pyproject.toml': '',
  'main.φ': '⇒ util\n← pkg ⇒ tool\n⇒ twin_a, twin_b\nπ("main", util.twice(21), tool.name(), twin_a.origin(), twin_b.origin())\n',
  'util.φ': 'ƒ twice(n):\n    ⟲ n * 2\n',
  'pkg/__init__.φ': '',
  'pkg/tool.φ': 'ƒ name():\n    ⟲ "tool"\n',
  'twin_a.φ': '⇒ os\nƒ origin():\n    ⟲ os.path.basename(origin.__code__.co_filename)\n',
  'twin_b.φ': '⇒ os\nƒ origin():\n    ⟲ os.path.basename(origin.__code__.co_filename)\n',
}

const TYPESCRIPT: Record<string, string> = {
  'package.json': '{}',
  'main.φ': '// phicode: typescript\n⇒ { twice } ← "./util"\n⇒ { name } ← "./lib/tool.φ"\nπ("main", twice(21), name())\n',
  'util.φ': 'export ƒ twice(n: number): number {\n  ⟲ n * 2\n}\n',
  'lib/tool.φ': 'export ƒ name(): string {\n  ⟲ "tool"\n}\n',
}

export const EXPECTED: Record<Dialect, string> = {
  python: 'main 42 tool twin_a.φ twin_b.φ\n',
  typescript: 'main 42 tool\n',
}

export const CACHE_DIR = '.(φ)cache'

/** A fresh project; its files dated an hour back, so none is too recent to be pushed to Python. */
export function writeProject(dialect: Dialect, files: Record<string, string> = {}): string {
  const root = tempDir('phicode-cache-')
  const hourAgo = new Date(Date.now() - 3_600_000)
  for (const [name, text] of Object.entries({ ...(dialect === 'python' ? PYTHON : TYPESCRIPT), ...files })) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
    utimesSync(join(root, name), hourAgo, hourAgo)
  }
  return root
}

export function run(root: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runPhicode(['main.φ', '--debug', ...args], { cwd: root, env })
}

/** Stdout and exit code of a run, and its stderr without debug lines (nothing else may appear). */
export function outcome(result: RunResult): { code: number; stdout: string; stderr: string } {
  const stderr = result.stderr.split('\n').filter((l) => l && !l.startsWith('phicode: debug: ')).join('\n')
  return { code: result.code, stdout: result.stdout, stderr }
}

export interface Hits {
  memory: [number, number]
  transpiled: [number, number]
  bytecode: [number, number]
  resolution: [number, number]
}

/** The hits and lookups of each layer, from the run's `--debug` summary line. */
export function hits(result: RunResult): Hits {
  const line = result.stderr.split('\n').find((l) => / hits memory \d+\/\d+/.test(l))
  if (!line) throw new Error(`no cache summary in:\n${result.stderr}`)
  const pairs = [...line.matchAll(/(\w+) (\d+)\/(\d+)/g)].map((m) => [m[1], [Number(m[2]), Number(m[3])]])
  return Object.fromEntries(pairs) as Hits
}

/** The run's cache notes (debug lines about discarded or unwritable cache files). */
export function notes(result: RunResult): string[] {
  return result.stderr.split('\n').filter((l) => l.startsWith('phicode: debug: cache: ') && !/ hits memory /.test(l))
}

/** Every file of the cache, by path relative to the cache directory. */
function cacheFiles(root: string, dir = join(root, CACHE_DIR)): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) for (const name of readdirSync(join(dir, entry.name))) out.push(`${entry.name}/${name}`)
    else out.push(entry.name)
  }
  return out.sort()
}

export const packsOf = (root: string, kind: string): string[] =>
  cacheFiles(root).filter((f) => f.startsWith(`${kind}/`) && f.endsWith('.pack')).map((f) => join(root, CACHE_DIR, f))

export async function report(root: string, env: Record<string, string | undefined> = {}): Promise<CacheReport> {
  const result = await runPhicode(['--cache-stats', '--json'], { cwd: root, env })
  if (result.code !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout) as CacheReport
}

interface RawEntry {
  kind: string
  engine: string
  key: string
  body: Uint8Array
}

/** The entries of a pack as written (unchecked), with the pack's own engine. */
export function readPack(path: string): { engine: string; entries: RawEntry[] } {
  const bytes = new Uint8Array(readFileSync(path))
  const index = decodePack(bytes)
  if ('reason' in index) throw new Error(`${path}: ${index.reason}`)
  return { engine: index.engine, entries: index.entries.map(([, o, l]) => parseEntry(bytes.subarray(o, o + l))!) }
}

/**
 * Writes a well-formed pack (valid digests everywhere) holding `entries` under `kind` and
 * `engine`: a forgery only the checks of meaning (kind, engine, key, magic number) can refuse.
 */
export function forgePack(path: string, kind: string, engine: string, entries: Array<{ key: string; entry: RawEntry }>): void {
  const encoded = entries.map(({ key, entry }): [string, Uint8Array] => [key, encodeEntry({ kind: entry.kind, engine: entry.engine, key: entry.key }, entry.body)])
  writeFileSync(path, encodePack(kind, engine, encoded))
}
