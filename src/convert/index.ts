import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { loadConfig } from '../config/load'
import { errnoOf, EXIT, PhicodeError, systemError } from '../errors'
import type { Dialect, Direction } from '../transpile/types'
import { writeFileAtomicSync } from '../util/atomic-write'
import { convertWithConfig } from './_source'
import type { Target } from './infer'

export type { Target } from './infer'

export interface ConvertRequest {
  /** A file path, or `-` for stdin. */
  input: string
  to?: Target
  dialect?: Dialect
  /** Where to write; stdout when omitted. */
  output?: string
  cwd: string
  /** Shown once per distinct config problem. */
  onWarning?: (message: string) => void
}

export interface ConvertOutcome {
  input: string
  output: string | undefined
  direction: Direction
  dialect: Dialect
  symbolsUsed: string[]
  /** The converted text, in the output's encoding. */
  bytes: Uint8Array
  text: string
}

export async function convertRequest(req: ConvertRequest): Promise<ConvertOutcome> {
  if (req.dialect && (req.to === 'python' || req.to === 'typescript') && req.to !== req.dialect) {
    throw new PhicodeError(`--to ${req.to} and --dialect ${req.dialect} disagree; φ converts only to its own dialect`, EXIT.USAGE)
  }
  const path = req.input === '-' ? undefined : resolve(req.cwd, req.input)
  const raw = path ? readInput(path) : await Bun.stdin.bytes()
  const loaded = loadConfig(path ? dirname(path) : req.cwd)
  for (const warning of loaded.warnings) req.onWarning?.(warning)
  const result = convertWithConfig(raw, path, req, loaded)
  const output = req.output ? resolve(req.cwd, req.output) : undefined
  if (output) writeOutput(output, result.bytes)
  const { direction, dialect, symbolsUsed, bytes, text } = result
  return { input: path ?? '-', output, direction, dialect, symbolsUsed, bytes, text }
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (error) {
    throw systemError(path, error, { exit: EXIT.IO, doing: 'cannot be read' })
  }
}

function writeOutput(path: string, bytes: Uint8Array): void {
  try {
    writeFileAtomicSync(path, bytes)
  } catch (error) {
    // Any failure to write is "cannot create output" (73), whatever the errno.
    throw new PhicodeError(`${path}: cannot be written (${errnoOf(error) ?? 'error'})`, EXIT.CANT_WRITE, { cause: error })
  }
}
