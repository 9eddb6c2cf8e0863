/** What a bare word after a command is: a module to run, a daemon name, paths, or nothing at all. */
type Operand = 'module' | 'name' | 'paths' | 'none'

/** One row of the option table (args.ts). */
export interface OptionDef {
  type: 'boolean' | 'string' | 'enum' | 'positional'
  description: string
  alias?: string
  /** The placeholder --help shows for the value: `--output <file>`. */
  valueHint?: string
  /** For `enum`: the values accepted. */
  options?: readonly string[]
  required?: boolean
  /** The option is a command of its own; at most one is given, and none means `run`. */
  command?: true
  /** With `command`: what a bare word after it is (absent: the command checks it itself). */
  operand?: Operand
  /** The commands the option means something with (`run` is the default one); absent: every command. */
  with?: readonly string[]
  /** Every word after the option's value is the program's, as after `python -c CODE`. */
  rest?: true
  /** A runner flag: still phicode's after the module name, where every other word is the program's. */
  runner?: true
}

export type OptionTable = Record<string, OptionDef>

/** Parsed options: booleans and strings by option name, the module name under `module`. */
export type ParsedArgs<T extends OptionTable> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string
}

export interface ParsedArgv<T extends OptionTable> {
  args: ParsedArgs<T>
  /** Everything the module receives as its arguments. */
  moduleArgs: string[]
}
