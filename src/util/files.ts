/**
 * Reading files and telling what they are with Bun's own file API, not `node:fs`: the first
 * module that loads `node:fs` costs a compiled binary about 0.9 ms (an empty program beside one
 * that imports it, 41 interleaved runs), as much as the rest of a planned hello world's work
 * before its program (issue 16). The start path reads through here; `node:fs` stays for writing
 * and for what only a miss, an error or Windows needs.
 */

/** `lastModified` of a file Bun could not stat: absent, under a file (ENOTDIR), or unreachable (EACCES). */
const NOT_THERE = 2 ** 52 - 1

/** Bun maps files on Linux and macOS only. */
const WINDOWS = process.platform === 'win32'

const decoder = new TextDecoder()

type NodeFs = typeof import('node:fs')
/** node:fs, loaded where it is first needed: writing, a miss, an error, Windows. */
export const nodeFs = (): NodeFs => require('node:fs') as NodeFs

/**
 * The real path of an existing file: Bun's resolver's answer, which follows links as an import
 * of it would, without node:fs; node:fs's when the resolver has none.
 */
export function realPathOf(path: string): string {
  try {
    return Bun.resolveSync(path, '/')
  } catch {
    return nodeFs().realpathSync(path)
  }
}

/** What is at `path`: a folder, a file, or nothing that can be seen. */
export function kindAt(path: string): 'd' | 'f' | '-' {
  if (WINDOWS) {
    const st = statOrUndefined(path)
    return st ? (st.isDirectory() ? 'd' : 'f') : '-'
  }
  if (Bun.file(path).lastModified === NOT_THERE) return '-'
  // `x/.` can be stat'ed only when x is a folder.
  return Bun.file(`${path}/.`).lastModified === NOT_THERE ? 'f' : 'd'
}

/**
 * Whether none of `paths` can be seen: one call for a list, a loop inside, so that a start checking
 * dozens of files that were absent (project markers, every PATH folder's interpreter) calls no
 * function once per path, which JSC would compile, starting the JIT's threads (issue 16).
 */
export function allAbsent(paths: readonly string[]): boolean {
  if (WINDOWS) return paths.every((path) => kindAt(path) === '-')
  for (const path of paths) if (Bun.file(path).lastModified !== NOT_THERE) return false
  return true
}

function statOrUndefined(path: string): import('node:fs').Stats | undefined {
  try {
    return nodeFs().statSync(path, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}

/**
 * The bytes of one of phicode's own files (a plan, a cache pack) through a mapping, copied at
 * once; undefined when Bun cannot map it. Never a user's file: Bun opens what it maps for writing,
 * so closing it tells every watcher of the file that it was written (`inotifywait -e close_write`
 * on a `.env` ran again after each run), Linux refuses to start a file so mapped (ETXTBSY) until
 * the mapping is collected, and a file this user may only read cannot be mapped. A copy is taken
 * at once, so a file truncated afterwards (which would end a process touching the mapping with
 * SIGBUS) is harmless.
 */
export function mappedCopy(path: string): Uint8Array | undefined {
  if (WINDOWS) return undefined
  const file = Bun.file(path)
  if (file.lastModified === NOT_THERE) return undefined
  // A mapping of nothing fails.
  if (file.size === 0) return kindAt(path) === 'f' ? new Uint8Array(0) : undefined
  try {
    return Bun.mmap(path, { shared: false }).slice()
  } catch {
    return undefined
  }
}

/** The bytes of one of phicode's own files (see `mappedCopy`), or undefined when it cannot be read. */
export function readOwnBytes(path: string): Uint8Array | undefined {
  const mapped = mappedCopy(path)
  return mapped || kindAt(path) === '-' ? mapped : readOrUndefined(path)
}

/** The text of one of phicode's own files (see `mappedCopy`), or undefined when it cannot be read. */
export function readText(path: string): string | undefined {
  return decoded(readOwnBytes(path))
}

const decoded = (bytes: Uint8Array | undefined): string | undefined => bytes && decoder.decode(bytes)

function readOrUndefined(path: string): Uint8Array | undefined {
  try {
    return nodeFs().readFileSync(path)
  } catch {
    return undefined
  }
}

/** Numbers the loader's reads (`readUserText`), so that each is a module of its own. */
let loaderReads = 0

/**
 * The text of a user's file (a `.env`, a plan's entry), or undefined when there is none or it cannot be read:
 * read by Bun's module loader (`import` with `type: "text"`), which opens it read-only, on the
 * main thread, without node:fs (see `mappedCopy` for why not mapped). The loader keeps what it
 * read under the specifier, so a query numbers each read. A path with `?` or `#` (which the query
 * would not follow), and Windows, take node:fs.
 */
export async function readUserText(path: string): Promise<string | undefined> {
  if (WINDOWS || path.includes('?') || path.includes('#')) return decoded(readOrUndefined(path))
  if (Bun.file(path).lastModified === NOT_THERE) return undefined
  try {
    return ((await import(`${path}?read=${++loaderReads}`, { with: { type: 'text' } })) as { default: string }).default
  } catch {
    return decoded(readOrUndefined(path))
  }
}
