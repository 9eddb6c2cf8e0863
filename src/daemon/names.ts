import { basename, extname } from 'node:path'
import { EXIT, PhicodeError } from '../errors'

const NAME_MAX_LENGTH = 64

/**
 * Daemon names become file names: ASCII letters, digits, `.`, `_`, `-`, starting with a letter
 * or digit (so never `.`, `..` or an option), at most 64 characters.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** A name the user typed: used as is or refused, never silently changed. */
export function checkName(name: string): string {
  if (name.length > NAME_MAX_LENGTH) {
    throw new PhicodeError(`daemon name is ${name.length} characters long; the limit is ${NAME_MAX_LENGTH}`, EXIT.USAGE)
  }
  if (!NAME.test(name)) {
    throw new PhicodeError(
      `invalid daemon name ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
      EXIT.USAGE,
    )
  }
  return name
}

/**
 * The name a daemon gets without `--name`: the entry's file name without its extension, with
 * every run of other characters turned into `-` and separators trimmed from both ends
 * (`my app!.py` → `my-app`), `app` if nothing is left.
 */
export function nameFromEntry(entry: string): string {
  const stem = basename(entry, extname(entry))
  const base = stem === '__main__' || stem === '__init__' ? basename(entry.slice(0, -basename(entry).length - 1)) : stem
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, NAME_MAX_LENGTH).replace(/[^A-Za-z0-9]+$/, '')
  return cleaned || 'app'
}
