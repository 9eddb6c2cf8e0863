import { EXIT, PhicodeError } from '../errors'
import type { OptionTable, ParsedArgs } from './types'

const given = (value: unknown): boolean => value !== undefined && value !== false
/** `--a, --b`, shortened past four names: the full list is in --help. */
const flags = (names: readonly string[]): string =>
  names.length > 4 ? `${names.slice(0, 3).map((n) => `--${n}`).join(', ')} …` : names.map((n) => `--${n}`).join(', ')

/**
 * The command a parsed line asks for (`run` when none), refusing two commands at once, an option
 * that means nothing with the command chosen (naming both), and a bare word given to a command
 * that takes none. All of it read from the option table.
 */
export function chooseCommand<T extends OptionTable>(args: ParsedArgs<T>, moduleArgs: readonly string[], table: T): string {
  const values = args as Record<string, unknown>
  const commands = Object.keys(table).filter((name) => table[name]!.command && given(values[name]))
  // A command that another command reads as its own option (--check with --convert) is that option there.
  const asked = commands.filter((name) => !commands.some((other) => table[name]!.with?.includes(other)))
  if (asked.length > 1) throw new PhicodeError(`--${asked[0]} and --${asked[1]} cannot be combined`, EXIT.USAGE)
  const command = asked[0] ?? 'run'
  for (const [name, def] of Object.entries(table)) {
    if (def.command || !def.with || def.with.includes(command) || values[name] === undefined) continue
    const commands = def.with.filter((c) => c !== 'run')
    if (command === 'run') {
      const also = def.with.includes('run') ? ' or a module' : ''
      throw new PhicodeError(`--${name} needs ${commands.length === 1 ? `--${commands[0]}` : `one of ${flags(commands)}`}${also}`, EXIT.USAGE)
    }
    const fits = def.with.includes('run') ? `a module, ${flags(commands)}` : flags(commands)
    throw new PhicodeError(`--${name} does not go with --${command} (only with ${fits})`, EXIT.USAGE)
  }
  const operand = values.module ?? moduleArgs[0]
  if (table[command]?.operand === 'none' && operand !== undefined) {
    throw new PhicodeError(`--${command} takes no argument; unexpected ${JSON.stringify(operand)}`, EXIT.USAGE)
  }
  return command
}
