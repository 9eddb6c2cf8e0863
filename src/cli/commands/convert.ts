import { convertRequest, type Target } from '../../convert'
import type { Dialect } from '../../transpile/types'
import { logger, printJson } from '../output'

export interface ConvertArgs {
  convert: string
  to?: string
  dialect?: string
  output?: string
  json?: boolean
}

export async function convertCommand(args: ConvertArgs): Promise<number> {
  const outcome = await convertRequest({
    input: args.convert,
    to: args.to as Target | undefined,
    dialect: args.dialect as Dialect | undefined,
    output: args.output,
    cwd: process.cwd(),
    onWarning: (message) => logger.warn(message),
  })
  if (args.json) {
    printJson({
      input: outcome.input,
      output: outcome.output ?? null,
      direction: outcome.direction === 'forward' ? 'phicode→code' : 'code→phicode',
      dialect: outcome.dialect,
      symbols_used: outcome.symbolsUsed,
      converted: outcome.output ? null : outcome.text,
    })
  } else if (!outcome.output) {
    await Bun.write(Bun.stdout, outcome.bytes)
  } else {
    logger.success(`${outcome.input} → ${outcome.output} (${outcome.dialect}, ${outcome.symbolsUsed.length} symbols)`)
  }
  return 0
}
