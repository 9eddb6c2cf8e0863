import { allAbsent, kindAt, nodeFs } from './files'

/**
 * What a file-system lookup learnt from a path: only whether it is there (and a file or a
 * folder), the file's content, or a folder's list of names.
 */
export type ProbeUse = 'exists' | 'content' | 'listing'

const RANK: Record<ProbeUse, number> = { exists: 0, content: 1, listing: 1 }

let noted: Map<string, ProbeUse> | undefined

/**
 * Starts noting the paths lookups read, until `stopNoting`: whatever a decision was made from,
 * so that it can be trusted again while every one of them is as it was (see `stampOf`).
 */
export function startNoting(): void {
  noted = new Map()
}

export function stopNoting(): Map<string, ProbeUse> {
  const paths = noted ?? new Map<string, ProbeUse>()
  noted = undefined
  return paths
}

/**
 * Runs `fn` noting the paths it reads, apart from any noting already under way, which is given
 * the same paths afterwards (a decision made inside another still counts for the outer one).
 */
export function notingWhile<T>(fn: () => T): { value: T; read: Map<string, ProbeUse> } {
  const outer = noted
  const read = (noted = new Map<string, ProbeUse>())
  try {
    return { value: fn(), read }
  } finally {
    noted = outer
    for (const [path, use] of read) noteProbe(path, use)
  }
}

/** Called by lookups on every path they test or read; free when nothing is noting. */
export function noteProbe(path: string, use: ProbeUse = 'exists'): void {
  if (!noted) return
  const before = noted.get(path)
  if (before === undefined || RANK[use] > RANK[before]) noted.set(path, use)
}

/**
 * The state of `path` as far as `use` goes: `-` when absent (or unreachable); `d` or `f` when
 * only existence was asked; a folder's modification time and size for its listing (what Bun's
 * own file API tells at once); for a content, the full stat: change time, size, inode and mode too,
 * so an edit that keeps the size and puts the old modification time back still shows.
 */
function stampOf(path: string, use: ProbeUse): string {
  if (use === 'content') return contentStamp(path)
  const kind = kindAt(path)
  if (kind === '-' || use === 'exists') return kind
  const file = Bun.file(path)
  return `${kind}${file.lastModified}:${file.size}`
}

type Stats = import('node:fs').Stats

function contentStamp(path: string): string {
  try {
    return fullStamp(nodeFs().statSync(path))
  } catch {
    // ENOENT, ENOTDIR (a file where a folder of the path should be), EACCES: as absent as a missing file.
    return '-'
  }
}

const fullStamp = (st: Stats): string => `${st.isDirectory() ? 'd' : 'f'}${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}:${st.mode}`

/** A path a decision read, how it was used, and its state then (`stampOf`). */
export type Witness = [path: string, use: ProbeUse, stamp: string]

/** The paths read, each stamped now. */
export function witnessesOf(read: ReadonlyMap<string, ProbeUse>): Witness[] {
  return [...read].map(([path, use]) => [path, use, stampOf(path, use)])
}

/** Whether every path is as it was when its witness was taken: then what was decided from them still holds. */
export function stillHold(witnesses: readonly Witness[]): boolean {
  return witnesses.every(([path, use, stamp]) => stampOf(path, use) === stamp)
}

/**
 * `stillHold` for a start that loads no node:fs (Bun then compiles a helper of its own in most
 * runs, which starts the JIT's threads; issue 16):
 * existence, listings and files that were absent are checked at once (`now`); the contents of
 * files that were there by Bun's asynchronous stat (`later`), which runs off the main thread while
 * the run's code loads. `stats` shares those stats between witness lists that name the same file
 * (a plan and the walk kept with it both name the entry).
 */
export function holdNowAndLater(witnesses: readonly Witness[], stats = new Map<string, Promise<string>>()): { now: boolean; later: Promise<boolean> } {
  const absent: string[] = []
  const present: Witness[] = []
  const contents: Witness[] = []
  for (const witness of witnesses) {
    if (witness[2] === '-') absent.push(witness[0])
    else (witness[1] === 'content' ? contents : present).push(witness)
  }
  // A file that was absent is still absent when one stat on this thread finds nothing.
  if (!allAbsent(absent) || !stillHold(present)) return { now: false, later: Promise.resolve(false) }
  const stamps = contents.map(([path]) => {
    let stat = stats.get(path)
    if (!stat) stats.set(path, (stat = statStamp(path)))
    return stat
  })
  return { now: true, later: Promise.all(stamps).then((now) => now.every((stamp, k) => stamp === contents[k]![2])) }
}

/** A content witness's stamp of `path` as it is now, by Bun's asynchronous stat (on its thread pool). */
export const statStamp = (path: string): Promise<string> => Bun.file(path).stat().then(fullStamp, () => '-')

/** The environment variables a decision depends on: every name with one of `prefixes`, and `names`. */
export interface DecidingNames {
  prefixes: readonly string[]
  names: readonly string[]
}

/**
 * The variables of `env` that are `deciding`, as sorted `NAME=value` texts: the environment part
 * of a decision's key. Found by searching the list of names, so that no code of phicode's runs
 * once per variable: a function called for each of a few dozen variables reaches JSC's threshold
 * for compiling it, and a process's first compile starts the JIT's threads (0.1-0.25 ms of a
 * planned hello world, 0.4-0.5 ms of its CPU; issue 16). No regular expression either: the first one a process runs
 * costs about 0.2 ms.
 */
export function decidingVariables(env: Record<string, string | undefined>, { prefixes, names }: DecidingNames): string[] {
  const list = `\n${Object.keys(env).join('\n')}\n`
  const found = new Set(names.filter((name) => list.includes(`\n${name}\n`)))
  for (const prefix of prefixes) {
    for (let at = list.indexOf(`\n${prefix}`); at >= 0; at = list.indexOf(`\n${prefix}`, at + 1)) found.add(list.slice(at + 1, list.indexOf('\n', at + 1)))
  }
  return [...found].sort().map((name) => `${name}=${env[name]}`)
}
