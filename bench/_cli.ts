/** What every developer benchmark script needs: where things are, and its command-line options. */
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dir, '..')
export const PHICODE = join(ROOT, 'dist', 'phicode')
/** The project's own bun (a devDependency), the baseline runtime. */
export const BUN = join(ROOT, 'node_modules', '.bin', 'bun')

/** The value after `--name`, or undefined when the option is not given. */
export function stringOption(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at < 0 ? undefined : process.argv[at + 1]
}

/** A positive number after `--name`, else `fallback`. */
export function numberOption(name: string, fallback: number): number {
  return Number(stringOption(name)) || fallback
}

export const flag = (name: string): boolean => process.argv.includes(name)

/**
 * The script's own opening comment, as plain lines: what it measures and how to run it, said
 * once, where the code is.
 */
export function usageOf(source: string): string {
  const comment = /^\/\*\*\n([\s\S]*?)\n \*\//.exec(source)?.[1] ?? ''
  return comment.replace(/^ \* ?/gm, '')
}

// Every script reads its options through here, so `--help` is answered here, before it starts work.
if (flag('--help') || flag('-h')) {
  console.log(usageOf(await Bun.file(Bun.main).text()))
  process.exit(0)
}
