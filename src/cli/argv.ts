import type { ArgsDef } from 'citty'
import { EXIT, PhicodeError } from '../errors'

/** Parsed options: booleans and strings by option name, the module name under `module`. */
export type ParsedArgs<T extends ArgsDef> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string
}

export interface ParsedArgv<T extends ArgsDef> {
  args: ParsedArgs<T>
  /** Everything the module receives as its arguments. */
  moduleArgs: string[]
}

interface Option {
  name: string
  takesValue: boolean
  choices?: readonly string[]
}

interface OptionIndex {
  long: Map<string, Option>
  short: Map<string, Option>
  positional: string | undefined
}

function indexOptions(defs: ArgsDef): OptionIndex {
  const index: OptionIndex = { long: new Map(), short: new Map(), positional: undefined }
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === 'positional') {
      index.positional = name
      continue
    }
    const option: Option = { name, takesValue: def.type !== 'boolean', choices: def.type === 'enum' ? def.options : undefined }
    index.long.set(name, option)
    const aliases = 'alias' in def && def.alias ? [def.alias].flat() : []
    for (const alias of aliases) (alias.length === 1 ? index.short : index.long).set(alias, option)
  }
  return index
}

/**
 * Reads the command line against phicode's option definitions (the same ones citty renders
 * for --help; parsing them here keeps citty off the start-up path of every run). Long options
 * (`--debug`) are taken wherever they stand; short ones (`-o`) only before the module name, so a
 * module's own `-o` still reaches it. Everything after `--` goes to the module.
 */
export function parseArgv<T extends ArgsDef>(argv: readonly string[], defs: T): ParsedArgv<T> {
  const index = indexOptions(defs)
  const values: Record<string, string | boolean> = {}
  const moduleArgs: string[] = []
  let module: string | undefined
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!
    if (token === '--') {
      const rest = argv.slice(k + 1)
      if (module === undefined && rest.length > 0) module = rest.shift()
      moduleArgs.push(...rest)
      break
    }
    const match = matchOption(token, index, module === undefined)
    if (match === undefined) {
      if (module === undefined && token.startsWith('-') && token !== '-') {
        throw new PhicodeError(`unknown option ${token} (see phicode --help)`, EXIT.USAGE)
      }
      if (module === undefined) module = token
      else moduleArgs.push(token)
      continue
    }
    const { option, inline } = match
    if (!option.takesValue) {
      values[option.name] = inline === undefined || inline !== 'false'
      continue
    }
    const value = inline ?? argv[++k]
    if (value === undefined) throw new PhicodeError(`option ${token} needs a value`, EXIT.USAGE)
    if (option.choices && !option.choices.includes(value)) {
      throw new PhicodeError(`invalid value for --${option.name}: ${value} (expected ${option.choices.join(', ')})`, EXIT.USAGE)
    }
    values[option.name] = value
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
