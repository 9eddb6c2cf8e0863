/**
 * The command that starts this same phicode again: the executable itself when compiled
 * (`process.execPath` is the binary), or Bun with the entry script when running from source.
 */
export function selfCommand(): string[] {
  return [...SELF]
}

// Read once at start-up: running a module in-process points Bun.main at that module.
const SELF = Bun.main.startsWith('/$bunfs/') ? [process.execPath] : [process.execPath, Bun.main]
