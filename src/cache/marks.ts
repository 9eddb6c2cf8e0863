import { contentKey } from './digest'
import { ENGINE } from './engine'
import type { RunCache } from './run-cache'

export interface Mark {
  /** A mark under the same fields and content was made in an earlier run. */
  readonly seen: boolean
  /** Records the mark; written with the cache's next flush. */
  make(): void
}

const NO_DISK: Mark = { seen: false, make: () => {} }

/** What marks are kept for; each is a kind of its own, outside the layers' hit and miss counts. */
export type MarkKind = 'security'
export const MARK_KINDS: ReadonlySet<string> = new Set<MarkKind>(['security'])

/**
 * Remembers that something was done for one content (the security warnings for a file as it
 * is): a keyed entry with an empty body, kept by the disk cache like a transpiled module, so a
 * new phicode (another ENGINE) or an edit of the content leads to another key.
 */
export function contentMark(cache: RunCache | undefined, kind: MarkKind, fields: readonly string[], content: string | Uint8Array): Mark {
  const disk = cache?.disk('transpiled', kind)
  if (!disk) return NO_DISK
  const key = contentKey([ENGINE, ...fields], content)
  return { seen: disk.get(key) !== undefined, make: () => disk.put(key, new Uint8Array(0)) }
}
