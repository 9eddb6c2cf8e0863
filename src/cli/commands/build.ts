import { relative } from 'node:path'
import { bundle, type BundleOutput } from '../../bundle'
import { EXIT, PhicodeError } from '../../errors'
import { formatBytes } from '../../util/bytes'
import { logger, printJson } from '../output'

export interface BuildCommandArgs {
  build: string
  module?: string
  outdir?: string
  outfile?: string
  compile?: boolean
  target?: string
  minify?: boolean
  sourcemap?: boolean
  json?: boolean
}

function printOutputs(outputs: BundleOutput[], cwd: string): void {
  const names = outputs.map((o) => relative(cwd, o.path) || o.path)
  const width = Math.max(...names.map((n) => n.length))
  process.stdout.write(outputs.map((o, i) => `  ${names[i]!.padEnd(width)}  ${formatBytes(o.bytes).padStart(9)}  (${o.kind})`).join('\n') + '\n')
}

export async function buildCommand(args: BuildCommandArgs): Promise<number> {
  if (args.module !== undefined) throw new PhicodeError(`--build takes one entry (${args.build}); unexpected ${args.module}`, EXIT.USAGE)
  const cwd = process.cwd()
  const started = performance.now()
  const outputs = await bundle({
    entry: args.build,
    cwd,
    outdir: args.outdir,
    outfile: args.outfile,
    compile: args.compile === true,
    target: args.target,
    minify: args.minify === true,
    sourcemap: args.sourcemap === true,
    progress: args.json ? undefined : (message) => logger.start(message),
  })
  if (args.json) {
    printJson({ entry: args.build, compile: args.compile === true, outputs: outputs.map((o) => ({ ...o, path: relative(cwd, o.path) || o.path })) })
    return 0
  }
  printOutputs(outputs, cwd)
  logger.success(`built in ${Math.round(performance.now() - started)} ms`)
  return 0
}
