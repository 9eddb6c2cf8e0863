import type { ArgsDef } from 'citty'
import { EXIT, PhicodeError } from '../errors'

export interface SplitArgv {
  /** Tokens for phicode's own parser, the module name included. */
  own: string[]
  /** Everything the module receives as its arguments. */
  moduleArgs: string[]
}

interface FlagIndex {
  long: Map<string, boolean>
  short: Map<string, boolean>
}

/** name → whether the option takes a value. */
function indexFlags(defs: ArgsDef): FlagIndex {
  const long = new Map<string, boolean>()
  const short = new Map<string, boolean>()
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === 'positional') continue
    const takesValue = def.type !== 'boolean'
    long.set(name, takesValue)
    const aliases = 'alias' in def && def.alias ? [def.alias].flat() : []
    for (const alias of aliases) (alias.length === 1 ? short : long).set(alias, takesValue)
  }
  return { long, short }
}

/**
 * Separates phicode's options from the module's arguments. Long options (`--debug`) are taken
 * wherever they stand; short ones (`-o`) only before the module name, so a module's own `-o`
 * still reaches it. Everything after `--` goes to the module.
 */
export function splitArgv(argv: readonly string[], defs: ArgsDef): SplitArgv {
  const flags = indexFlags(defs)
  const own: string[] = []
  const moduleArgs: string[] = []
  let module: string | undefined
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!
    if (token === '--') {
      const rest = argv.slice(k + 1)
      if (module === undefined && rest.length > 0) own.push('--', (module = rest.shift()!))
      moduleArgs.push(...rest)
      break
    }
    const flag = matchFlag(token, flags, module === undefined)
    if (flag === undefined) {
      if (module === undefined && token.startsWith('-') && token !== '-') {
        throw new PhicodeError(`unknown option ${token} (see phicode --help)`, EXIT.USAGE)
      }
      if (module === undefined) own.push((module = token))
      else moduleArgs.push(token)
      continue
    }
    own.push(token)
    if (flag.takesValue && !flag.inline) {
      const value = argv[k + 1]
      if (value === undefined) throw new PhicodeError(`option ${token} needs a value`, EXIT.USAGE)
      own.push(value)
      k++
    }
  }
  return { own, moduleArgs }
}

function matchFlag(token: string, flags: FlagIndex, beforeModule: boolean): { takesValue: boolean; inline: boolean } | undefined {
  if (token.startsWith('--') && token.length > 2) {
    const eq = token.indexOf('=')
    const name = token.slice(2, eq < 0 ? undefined : eq)
    const takesValue = flags.long.get(name)
    return takesValue === undefined ? undefined : { takesValue, inline: eq >= 0 }
  }
  if (beforeModule && /^-[A-Za-z]$/.test(token)) {
    const takesValue = flags.short.get(token[1]!)
    return takesValue === undefined ? undefined : { takesValue, inline: false }
  }
  return undefined
}
