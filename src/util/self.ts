const isSeparator = (char: string | undefined): boolean => char === '/' || char === '\\'
const isDriveLetter = (char: string | undefined): boolean => char !== undefined && ((char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z'))

/**
 * A file embedded in a compiled binary: `/$bunfs/root/…`, or `B:/~BUN/root/…` on Windows. Told by
 * its characters, not a regular expression: every start asks (the first expression a process runs
 * costs about 0.2 ms; issue 16).
 */
export const isEmbeddedPath = (path: string): boolean =>
  path.startsWith('/$bunfs/') || (isDriveLetter(path[0]) && path[1] === ':' && isSeparator(path[2]) && path.slice(3, 7) === '~BUN' && isSeparator(path[7]))

/** Running as the compiled binary, not from source. */
export const COMPILED = isEmbeddedPath(import.meta.path)

/**
 * Another entry point compiled into the binary, by its path below the folder of `entry` (the
 * entries' common folder, build/build.ts). A drive-letter path is a Windows one (`B:\~BUN\root`)
 * and gets Windows separators, whatever the host: Bun accepts both forms there.
 */
export function embeddedEntryOf(entry: string, relative: string): string {
  const { posix, win32 } = require('node:path') as typeof import('node:path')
  const path = /^[A-Za-z]:/.test(entry) ? win32 : posix
  return path.join(path.dirname(entry), relative)
}

export const embeddedEntry = (relative: string): string => embeddedEntryOf(import.meta.path, relative)

/**
 * The command that starts this same phicode again, from `main` (Bun.main at start-up) and the
 * executable: the executable alone when `main` is inside it (compiled, on any OS), else Bun with
 * the entry script (running from source). A compiled binary must never pass its own embedded
 * entry as a module: that path names no file on disk.
 */
export function selfCommandOf(main: string, execPath: string): string[] {
  return isEmbeddedPath(main) ? [execPath] : [execPath, main]
}

export function selfCommand(): string[] {
  return [...SELF]
}

// Read once at start-up: running a module in-process points Bun.main at that module.
const SELF = selfCommandOf(Bun.main, process.execPath)
