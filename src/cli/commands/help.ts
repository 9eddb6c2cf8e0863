import { colorEnabled, paint } from '../../util/color'
import { BUILD } from '../../version'
import { ARGS } from '../args'
import type { OptionDef } from '../types'

const CONTRACT =
  "phicode's options go before the module; after it only the runner flags (marked ›) are phicode's and every other word is the program's; -- ends phicode's options."

/** The width to wrap to: COLUMNS when set, else the terminal's, else 80 (a pipe or a file). */
function helpWidth(): number {
  const env = Number(process.env.COLUMNS)
  if (Number.isInteger(env) && env > 0) return Math.max(40, env)
  return process.stdout.isTTY && process.stdout.columns ? Math.max(40, process.stdout.columns) : 80
}

/** Words into lines of at most `width` columns; a word longer than a line is cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (Bun.stringWidth(word) > width) {
      if (line) lines.push(line)
      lines.push(word.slice(0, width))
      word = word.slice(width)
      line = ''
    }
    if (!line) line = word
    else if (Bun.stringWidth(line) + 1 + Bun.stringWidth(word) <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  return lines
}

function label(name: string, def: OptionDef): string {
  const hint = def.valueHint ?? def.options?.join('|')
  const flag = `--${name}${def.type === 'boolean' ? '' : ` <${hint ?? 'value'}>`}`
  return `${def.runner ? '› ' : '  '}${def.alias ? `-${def.alias}, ` : '    '}${flag}`
}

/** Two columns when the terminal is wide enough, else each description under its option. */
function table(rows: Array<[string, string]>, width: number, color: boolean): string[] {
  const column = Math.min(Math.max(...rows.map(([l]) => Bun.stringWidth(l))), Math.floor(width * 0.4))
  const textWidth = width - column - 4
  const stacked = textWidth < 30
  const out: string[] = []
  for (const [left, text] of rows) {
    const shown = paint(left, 36, color)
    if (stacked) {
      out.push(`  ${shown}`, ...wrap(text, width - 10).map((l) => `${' '.repeat(10)}${l}`))
      continue
    }
    const lines = wrap(text, textWidth)
    const pad = ' '.repeat(column + 4)
    if (Bun.stringWidth(left) > column) out.push(`  ${shown}`, ...lines.map((l) => pad + l))
    else out.push(`  ${shown}${' '.repeat(column - Bun.stringWidth(left) + 2)}${lines[0] ?? ''}`, ...lines.slice(1).map((l) => pad + l))
  }
  return out
}

/** The --help text, from the option table, wrapped to `width` columns. */
export function renderHelp(width: number, color: boolean): string {
  const heading = (text: string) => paint(text, 1, color)
  const options = Object.entries(ARGS).filter(([, def]) => def.type !== 'positional') as Array<[string, OptionDef]>
  return [
    ...wrap(`phicode ${BUILD.version}: run, convert and serve φ-syntax Python and TypeScript from one executable.`, width),
    '',
    heading('Usage'),
    ...wrap('phicode [options] [module] [program arguments…]', width - 2).map((l) => `  ${l}`),
    '',
    ...wrap(CONTRACT, width),
    '',
    heading('Arguments'),
    ...table([['module', ARGS.module.description]], width, color),
    '',
    heading('Options'),
    ...table(options.map(([name, def]) => [label(name, def), def.description]), width, color),
    '',
  ].join('\n')
}

export function printHelp(): number {
  process.stdout.write(renderHelp(helpWidth(), colorEnabled(process.stdout)))
  return 0
}
