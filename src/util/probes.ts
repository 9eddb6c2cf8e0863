import { statSync } from 'node:fs'

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
 * The state of `path` as far as `use` goes: `-` when absent, its type when only existence was
 * asked, else its change time, size, inode and mode (an edit, a replacement or a chmod shows).
 */
function stampOf(path: string, use: ProbeUse): string {
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(path, { throwIfNoEntry: false })
  } catch {
    // ENOTDIR (a file where a folder of the path should be), EACCES: as absent as a missing file.
    return '-'
  }
  if (!st) return '-'
  const type = st.isDirectory() ? 'd' : 'f'
  if (use === 'exists') return type
  return `${type}${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}:${st.mode}`
}

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

/** The variables of `env` whose names `deciding` matches, as sorted `NAME=value` texts: the environment part of a decision's key. */
export function decidingVariables(env: Record<string, string | undefined>, deciding: RegExp): string[] {
  return Object.keys(env).filter((name) => deciding.test(name)).sort().map((name) => `${name}=${env[name]}`)
}
