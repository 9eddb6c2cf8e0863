/**
 * The command that starts this same phicode again: the executable itself when compiled
 * (`process.execPath` is the binary), or Bun with the entry script when running from source.
 */
export function selfCommand(): string[] {
  return Bun.main.startsWith('/$bunfs/') ? [process.execPath] : [process.execPath, Bun.main]
}
