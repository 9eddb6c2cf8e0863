import type { Dialect, Direction } from '../transpile/types'

/** `#!/usr/bin/env python3` and its spellings (`#! /usr/bin/env node`): the word after env is the runner. */
const ENV_SHEBANG = /^(#![ \t]*\/usr\/bin\/env[ \t]+)(python3|node|bun|phicode)([ \t]*)(?=\r\n|\r|\n|$)/

/** What runs a file of each dialect when phicode does not: phicode runs TypeScript on Bun. */
const RUNNER: Record<Dialect, string> = { python: 'python3', typescript: 'bun' }

/**
 * The converted text with its env shebang naming the runner of the new form: φ files run by
 * `phicode`, plain code by python3 or bun. Anything else in the line (spacing) is kept;
 * a shebang with arguments is left alone, since phicode would take them as its own.
 */
export function swapShebang(text: string, direction: Direction, dialect: Dialect): string {
  const m = ENV_SHEBANG.exec(text)
  if (!m) return text
  const runner = m[2]!
  const next = direction === 'reverse' ? (runner === 'phicode' ? runner : 'phicode') : runner === 'phicode' ? RUNNER[dialect] : runner
  return next === runner ? text : m[1] + next + m[3] + text.slice(m[0].length)
}
