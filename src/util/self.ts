/** A file embedded in a compiled binary: `/$bunfs/root/…`, or `B:/~BUN/root/…` on Windows. */
const EMBEDDED = /^(?:\/\$bunfs\/|[A-Za-z]:[\\/]~BUN[\\/])/

export const isEmbeddedPath = (path: string): boolean => EMBEDDED.test(path)

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
