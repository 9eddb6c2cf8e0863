import type { OptionTable } from './types'

/**
 * The module and its words when a line is nothing else (`app.φ a --json -x`, or empty): no option
 * before the module, no runner flag after it and no `--`. `parseArgv` reads such a line as a run
 * with no option, so it can start from a remembered plan before the line is parsed in full (the
 * parser's index of the table, built for one word, would cost the start more than the word).
 */
export function plainRunLine(argv: readonly string[], table: OptionTable): { module: string | undefined; moduleArgs: string[] } | undefined {
  const [module, ...moduleArgs] = argv
  if (module?.startsWith('-')) return undefined
  for (const word of moduleArgs) {
    if (word === '--') return undefined
    if (word.startsWith('--') && isRunnerFlag(word.slice(2).split('=', 1)[0]!, table)) return undefined
  }
  return { module, moduleArgs }
}

/** Whether `name` is an option, or a long alias of one, that still belongs to phicode after the module. */
function isRunnerFlag(name: string, table: OptionTable): boolean {
  if (Object.hasOwn(table, name)) return table[name]!.type !== 'positional' && table[name]!.runner === true
  for (const key in table) {
    const def = table[key]!
    if (def.type !== 'positional' && def.alias === name && name.length > 1) return def.runner === true
  }
  return false
}
