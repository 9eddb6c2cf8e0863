import { statSync } from 'node:fs'
import { relative } from 'node:path'
import { convertRequest, type Target } from '../../convert'
import type { TreeSummary } from '../../convert/types'
import { EXIT, PhicodeError } from '../../errors'
import type { Dialect } from '../../transpile/types'
import { formatBytes } from '../../util/bytes'
import { logger, printJson } from '../output'

export interface ConvertArgs {
  convert: string
  to?: string
  dialect?: string
  output?: string
  json?: boolean
  force?: boolean
  check?: boolean
  'in-place'?: boolean
}

/**
 * `--convert PATH…`: the words after the first path are more paths (the argument parser takes
 * the second for a module name), and a `-o` among them is still phicode's.
 */
export async function convertCommand(args: ConvertArgs, rest: Array<string | undefined>): Promise<number> {
  const inputs = [args.convert]
  let output = args.output
  for (let k = 0; k < rest.length; k++) {
    const word = rest[k]
    if (word === undefined) continue
    if (word === '-o' || word === '--output') {
      output = rest[++k]
      if (output === undefined) throw new PhicodeError(`option ${word} needs a value`, EXIT.USAGE)
    } else if (word.startsWith('-') && word !== '-') throw new PhicodeError(`unknown option ${word} for --convert (see phicode --help)`, EXIT.USAGE)
    else inputs.push(word)
  }
  if (inputs.includes('-') && inputs.length > 1) throw new PhicodeError('--convert -: stdin cannot be mixed with paths', EXIT.USAGE)
  if (args['in-place'] && output !== undefined) throw new PhicodeError('--in-place and --output cannot be combined', EXIT.USAGE)
  const single = inputs.length === 1 && !args['in-place'] && !args.check && _isFile(inputs[0]!) && !(output?.endsWith('/') || (output !== undefined && _isDir(output)))
  if (inputs[0] === '-' || (single && output === undefined)) {
    if (args.force || args.check || args['in-place']) throw new PhicodeError('--force, --check and --in-place need files, not stdin', EXIT.USAGE)
    return _toStdout(args)
  }
  const { convertTree } = await import('../../convert/tree')
  const progress = !args.json && process.stderr.isTTY ? _progressBar() : undefined
  const summary = await convertTree({
    inputs,
    output,
    inPlace: args['in-place'] === true,
    check: args.check === true,
    force: args.force === true,
    to: args.to as Target | undefined,
    dialect: args.dialect as Dialect | undefined,
    cwd: process.cwd(),
    onProgress: progress,
    onWarning: (message) => logger.warn(message),
  }).finally(() => progress?.(-1, 0))
  if (single) return _singleFile(summary, args.json === true)
  if (args.json) printJson(_json(summary))
  else _report(summary, args.check === true)
  if (summary.failed > 0) return EXIT.TRANSPILE
  return summary.differs > 0 ? 1 : 0
}

async function _toStdout(args: ConvertArgs): Promise<number> {
  const outcome = await convertRequest({
    input: args.convert,
    to: args.to as Target | undefined,
    dialect: args.dialect as Dialect | undefined,
    cwd: process.cwd(),
    onWarning: (message) => logger.warn(message),
  })
  if (args.json) printJson(_describe(outcome.input, null, outcome.direction, outcome.dialect, outcome.symbolsUsed, outcome.text))
  else await Bun.write(Bun.stdout, outcome.bytes)
  return 0
}

/** `--convert FILE -o FILE`: one line, as for any single command. */
function _singleFile(summary: TreeSummary, json: boolean): number {
  const file = summary.files[0]!
  if (file.status === 'failed') throw new PhicodeError(file.error!, EXIT.TRANSPILE)
  if (json) printJson(_describe(file.input, file.output!, file.direction!, file.dialect!, file.symbolsUsed ?? [], null))
  else logger.success(`${file.input} → ${file.output} (${file.dialect}, ${file.symbolsUsed?.length ?? 0} symbols)`)
  return 0
}

function _describe(input: string, output: string | null, direction: string, dialect: string, symbols: string[], converted: string | null) {
  return { input, output, direction: direction === 'forward' ? 'phicode→code' : 'code→phicode', dialect, symbols_used: symbols, converted }
}

function _report(summary: TreeSummary, check: boolean): void {
  for (const file of summary.files) if (file.status === 'failed') logger.error(file.error)
  if (check) for (const file of summary.files) if (file.status === 'differs') process.stdout.write(`${relative(process.cwd(), file.output!)}\n`)
  const rate = summary.seconds > 0 ? summary.bytes / summary.seconds : 0
  const verb = check ? 'checked' : 'converted'
  const extra = [summary.failed && `${summary.failed} failed`, check && `${summary.differs} differ`].filter(Boolean).join(', ')
  logger.info(
    `${verb} ${summary.count} files, ${formatBytes(summary.bytes)} in ${summary.seconds.toFixed(2)} s (${formatBytes(Math.round(rate))}/s${summary.workers ? `, ${summary.workers} threads` : ''})${extra ? `; ${extra}` : ''}`,
  )
}

function _json(summary: TreeSummary) {
  return {
    files: summary.files.map((f) => ({
      input: f.input,
      output: f.output ?? null,
      status: f.status,
      direction: f.direction ? (f.direction === 'forward' ? 'phicode→code' : 'code→phicode') : null,
      dialect: f.dialect ?? null,
      bytes: f.size,
      error: f.error ?? null,
    })),
    summary: {
      files: summary.count,
      failed: summary.failed,
      differs: summary.differs,
      bytes: summary.bytes,
      seconds: Number(summary.seconds.toFixed(3)),
      bytes_per_s: summary.seconds > 0 ? Math.round(summary.bytes / summary.seconds) : 0,
      threads: summary.workers,
    },
  }
}

/** A bar on stderr, redrawn at most every 50 ms; (-1) clears it. */
function _progressBar(): (done: number, total: number) => void {
  let last = 0
  return (done, total) => {
    if (done < 0) return void process.stderr.write('\r\u001b[K')
    const now = performance.now()
    if (done !== total && now - last < 50) return
    last = now
    const width = Math.max(10, Math.min(40, (process.stderr.columns || 80) - 30))
    const filled = total ? Math.round((done / total) * width) : width
    process.stderr.write(`\r\u001b[K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total} files`)
  }
}

/** A missing path counts as a file: the one-file path reports it as phicode always did. */
function _isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return path !== '-'
  }
}

function _isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
