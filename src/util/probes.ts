import { digestHex } from '../cache/digest'
import { allAbsent, kindAt, nodeFs, readUserText } from './files'

/**
 * What a file-system lookup learnt from a path: only whether it is there (and a file or a
 * folder), the file's content, a folder's list of names, or a program's content and whether it
 * may be run (its mode: a file made executable in an earlier PATH folder changes a lookup).
 */
export type ProbeUse = 'exists' | 'content' | 'listing' | 'program'

const RANK: Record<ProbeUse, number> = { exists: 0, content: 1, listing: 1, program: 2 }

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
 * own file API tells at once); for a content or a program, the full stat: change time, size, inode
 * and mode too, so an edit that keeps the size and puts the old modification time back still shows,
 * and so does a program made executable.
 */
function stampOf(path: string, use: ProbeUse): string {
  if (use === 'content' || use === 'program') return contentStamp(path)
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

/**
 * A list with at most this many files read for their content stamps them by their text too
 * (`textStampNow`), a longer one by their full stat alone. A text is checked by reading it on the
 * main thread (about 35 µs a file); the first asynchronous stat starts Bun's thread pool, which
 * cost a planned hello world 0.5-0.8 ms, and then costs about 8 µs a file (issue 16).
 */
const TEXT_STAMPS_AT_MOST = 8

/** A larger file is stamped by its stat: reading it on every start would cost more than the thread pool. */
const TEXT_STAMP_MAX_BYTES = 64 * 1024

const BOM = [0xef, 0xbb, 0xbf]

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * A content stamp made of the file's size and the digest of its text, for a small UTF-8 file
 * without a byte order mark: exactly what Bun's module loader gives back for it (`textStamp`),
 * which reads invalid UTF-8 as Latin-1 and drops a byte order mark, so the size and the text
 * together tell every change. Unlike a stat, it also sees an edit that kept the size and put the
 * modification time back. Undefined for any other file, for a path Bun's loader would read as a
 * query (`?`), and on Windows, where reading a path through the loader was not tried.
 */
function textStampNow(path: string): string | undefined {
  if (process.platform === 'win32' || path.includes('?') || Bun.file(path).size > TEXT_STAMP_MAX_BYTES) return undefined
  let bytes: Uint8Array
  try {
    bytes = nodeFs().readFileSync(path)
  } catch {
    return undefined
  }
  if (bytes.length > TEXT_STAMP_MAX_BYTES || BOM.every((byte, at) => bytes[at] === byte)) return undefined
  try {
    return `t${bytes.length}:${digestHex(strictUtf8.decode(bytes))}`
  } catch {
    return undefined
  }
}

/** A content stamped both ways, `t<size>:<digest>|<full stat>`: either part alone tells a change. */
const isTextStamp = (stamp: string): boolean => stamp.startsWith('t')

const textPart = (stamp: string): string => stamp.slice(0, stamp.indexOf('|'))

const statPart = (stamp: string): string => stamp.slice(stamp.indexOf('|') + 1)

/** A path a decision read, how it was used, and its state then (`stampOf`, and `textStampNow` for a few contents). */
export type Witness = [path: string, use: ProbeUse, stamp: string]

/**
 * The paths read, each stamped now; the contents of a few small text files by their text too,
 * so that a start whose other checks start no thread pool checks them by reading (`holdNowAndLater`).
 */
export function witnessesOf(read: ReadonlyMap<string, ProbeUse>): Witness[] {
  const witnesses = [...read].map(([path, use]): Witness => [path, use, stampOf(path, use)])
  const files = witnesses.filter(([, use, stamp]) => use === 'content' && stamp.startsWith('f'))
  if (files.length > TEXT_STAMPS_AT_MOST) return witnesses
  for (const file of files) {
    const text = textStampNow(file[0])
    if (text) file[2] = `${text}|${file[2]}`
  }
  return witnesses
}

/** Whether every path is as it was when its witness was taken: then what was decided from them still holds. */
export function stillHold(witnesses: readonly Witness[]): boolean {
  return witnesses.every(([path, use, stamp]) => (isTextStamp(stamp) ? `${textStampNow(path) ?? '-'}|${stampOf(path, use)}` : stampOf(path, use)) === stamp)
}

/**
 * Whether checking `witnesses` takes a stat off the main thread anyway (a file stamped by its stat
 * alone): then Bun's thread pool starts regardless, and a further stat costs less than a read.
 */
export function statsNeeded(witnesses: readonly Witness[]): boolean {
  for (const [, use, stamp] of witnesses) if ((use === 'content' || use === 'program') && stamp !== '-' && !isTextStamp(stamp)) return true
  return false
}

/**
 * `stillHold` for a start that loads no node:fs (Bun then compiles a helper of its own in most
 * runs, which starts the JIT's threads; issue 16):
 * existence, listings and files that were absent are checked at once (`now`); the contents of
 * files that were there by Bun's asynchronous stat, or, those stamped by their text too, by
 * reading it unless `byStat` (`later`), while the run's code loads. `checks` shares them between
 * witness lists that name the same file (a plan and the walk kept with it both name the entry).
 */
export function holdNowAndLater(witnesses: readonly Witness[], checks = new Map<string, Promise<string>>(), byStat = statsNeeded(witnesses)): { now: boolean; later: Promise<boolean> } {
  const absent: string[] = []
  const present: Witness[] = []
  const contents: Witness[] = []
  for (const witness of witnesses) {
    if (witness[2] === '-') absent.push(witness[0])
    else (witness[1] === 'content' || witness[1] === 'program' ? contents : present).push(witness)
  }
  // A file that was absent is still absent when one stat on this thread finds nothing.
  if (!allAbsent(absent) || !stillHold(present)) return { now: false, later: Promise.resolve(false) }
  const expected: string[] = []
  const stamps = contents.map(([path, , recorded]) => {
    const byText = !byStat && isTextStamp(recorded)
    expected.push(byText ? textPart(recorded) : isTextStamp(recorded) ? statPart(recorded) : recorded)
    const key = `${byText ? 't' : 's'}${path}`
    let check = checks.get(key)
    if (!check) checks.set(key, (check = byText ? textStamp(path) : statStamp(path)))
    return check
  })
  return { now: true, later: Promise.all(stamps).then((now) => now.every((stamp, k) => stamp === expected[k])) }
}

/** A content witness's stamp of `path` as it is now, by Bun's asynchronous stat (on its thread pool). */
const statStamp = (path: string): Promise<string> => Bun.file(path).stat().then(fullStamp, () => '-')

/** `textStampNow` without node:fs or Bun's thread pool: the text as Bun's module loader reads it (`readUserText`). */
const textStamp = (path: string): Promise<string> =>
  readUserText(path).then((text) => (text === undefined ? '-' : `t${Bun.file(path).size}:${digestHex(text)}`))

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
