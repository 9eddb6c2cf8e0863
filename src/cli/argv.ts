import { EXIT, PhicodeError } from '../errors'
import { closest } from '../util/suggest'
import type { OptionDef, OptionTable, ParsedArgs, ParsedArgv } from './types'

interface Option extends OptionDef {
  name: string
}

interface OptionIndex {
  long: Map<string, Option>
  short: Map<string, Option>
  positional: string | undefined
}

const indexes = new WeakMap<OptionTable, OptionIndex>()

/** Built once per table: every start parses the command line twice (for --debug first, then in full). */
function indexOptions(table: OptionTable): OptionIndex {
  const known = indexes.get(table)
  if (known) return known
  const index: OptionIndex = { long: new Map(), short: new Map(), positional: undefined }
  for (const [name, def] of Object.entries(table)) {
    if (def.type === 'positional') {
      index.positional = name
      continue
    }
    const option: Option = { ...def, name }
    index.long.set(name, option)
    if (def.alias) (def.alias.length === 1 ? index.short : index.long).set(def.alias, option)
  }
  indexes.set(table, index)
  return index
}

function unknownOption(token: string, index: OptionIndex): PhicodeError {
  const name = token.replace(/^-+/, '').split('=')[0]!
  const guess = token.startsWith('--') ? closest(name, index.long.keys()) : undefined
  const hint = guess ? `did you mean --${guess}? ` : ''
  return new PhicodeError(`unknown option ${token} (${hint}see phicode --help)`, EXIT.USAGE)
}

/**
 * Reads the command line against the option table (args.ts) without citty, which stays off the
 * start-up path of every run. The argument contract: phicode's options go before the module;
 * once a module is named, only runner flags are still phicode's and every other word (`--help`,
 * `--json`, `-o`, unknown ones) is the program's. `--` ends phicode's options anywhere. Commands
 * whose operand is not a module (`--phiemon-stop name --all`) keep reading options after it.
 */
export function parseArgv<T extends OptionTable>(argv: readonly string[], table: T): ParsedArgv<T> {
  const index = indexOptions(table)
  const values: Record<string, string | boolean> = {}
  const moduleArgs: string[] = []
  let module: string | undefined
  let command: Option | undefined
  let programWords = false
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!
    if (token === '--') {
      const rest = argv.slice(k + 1)
      if (module === undefined && rest.length > 0) module = rest.shift()
      moduleArgs.push(...rest)
      break
    }
    const match = matchOption(token, index, module === undefined)
    if (match === undefined || (programWords && !match.option.runner)) {
      if (module === undefined && token.startsWith('-') && token !== '-') throw unknownOption(token, index)
      if (module === undefined) {
        module = token
        programWords = command === undefined || command.operand === 'module'
      } else moduleArgs.push(token)
      continue
    }
    const { option, inline } = match
    if (option.command && command === undefined) command = option
    if (option.type === 'boolean') {
      values[option.name] = inline === undefined || inline !== 'false'
      continue
    }
    const value = inline ?? argv[++k]
    if (value === undefined) throw new PhicodeError(`option ${token} needs a value`, EXIT.USAGE)
    if (option.options && !option.options.includes(value)) {
      throw new PhicodeError(`invalid value for --${option.name}: ${value} (expected ${option.options.join(', ')})`, EXIT.USAGE)
    }
    values[option.name] = value
    if (option.rest) {
      moduleArgs.push(...argv.slice(k + 1))
      break
    }
  }
  if (module !== undefined && index.positional) values[index.positional] = module
  return { args: values as ParsedArgs<T>, moduleArgs }
}

function matchOption(token: string, index: OptionIndex, beforeModule: boolean): { option: Option; inline?: string } | undefined {
  if (token.startsWith('--') && token.length > 2) {
    const eq = token.indexOf('=')
    const option = index.long.get(token.slice(2, eq < 0 ? undefined : eq))
    return option && { option, inline: eq < 0 ? undefined : token.slice(eq + 1) }
  }
  if (beforeModule && /^-[A-Za-z]$/.test(token)) {
    const option = index.short.get(token[1]!)
    return option && { option }
  }
  return undefined
}
