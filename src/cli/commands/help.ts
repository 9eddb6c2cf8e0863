import { defineCommand, renderUsage } from 'citty'
import { BUILD } from '../../version'
import { ARGS } from '../args'
import { forStream } from '../output'

const command = defineCommand({
  meta: {
    name: 'phicode',
    version: BUILD.version,
    description: 'Run, convert and serve φ-syntax Python and TypeScript from one executable.',
  },
  args: ARGS,
})

export async function printHelp(): Promise<number> {
  process.stdout.write(forStream(await renderUsage(command), process.stdout) + '\n')
  return 0
}
