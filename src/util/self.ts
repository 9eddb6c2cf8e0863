import { dirname, join } from 'node:path'

/** A file embedded in a compiled binary: `/$bunfs/root/…`, or `B:/~BUN/root/…` on Windows. */
const EMBEDDED = /^(?:\/\$bunfs\/|[A-Za-z]:[\\/]~BUN[\\/])/

export const isEmbeddedPath = (path: string): boolean => EMBEDDED.test(path)

/** Running as the compiled binary, not from source. */
export const COMPILED = isEmbeddedPath(import.meta.path)

/** Another entry point compiled into the binary, by its path below the entries' common folder (build/build.ts). */
export const embeddedEntry = (relative: string): string => join(dirname(import.meta.path), relative)

/**
 * The command that starts this same phicode again: the executable itself when compiled
 * (`process.execPath` is the binary), or Bun with the entry script when running from source.
 */
export function selfCommand(): string[] {
  return [...SELF]
}

// Read once at start-up: running a module in-process points Bun.main at that module.
const SELF = isEmbeddedPath(Bun.main) ? [process.execPath] : [process.execPath, Bun.main]
