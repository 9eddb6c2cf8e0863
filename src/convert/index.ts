import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { loadConfig } from '../config/load'
import { EXIT, PhicodeError } from '../errors'
import { decodeSource } from '../transpile/source'
import type { Dialect, Direction } from '../transpile/types'
import { writeFileAtomicSync } from '../util/atomic-write'
import { convertSource } from './_source'
import { inferConversion, jsxByExtension, type Target } from './infer'

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
  const { text: source } = decodeSource(raw)
  const loaded = loadConfig(path ? dirname(path) : req.cwd)
  for (const warning of loaded.warnings) req.onWarning?.(warning)
  const { direction, dialect } = inferConversion({
    path,
    source,
    to: req.to,
    dialect: req.dialect,
    configured: loaded.config.language,
    fileExtension: loaded.config.file_extension,
    tables: loaded.tables,
  })
  const result = convertSource(raw, {
    direction,
    dialect,
    table: loaded.tables[dialect],
    filename: path ?? '<stdin>',
    jsx: dialect === 'typescript' && (path ? jsxByExtension(path) : false),
  })
  const output = req.output ? resolve(req.cwd, req.output) : undefined
  if (output) writeOutput(output, result.bytes)
  return { input: path ?? '-', output, direction, dialect, symbolsUsed: result.symbolsUsed, bytes: result.bytes, text: result.text }
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new PhicodeError(`${path}: no such file`, EXIT.NOT_FOUND)
    if (code === 'EISDIR') throw new PhicodeError(`${path}: is a directory, not a file`, EXIT.IS_DIRECTORY)
    if (code === 'EACCES' || code === 'EPERM') throw new PhicodeError(`${path}: permission denied`, EXIT.NO_PERMISSION)
    throw new PhicodeError(`${path}: cannot be read (${code ?? 'error'})`, EXIT.IO)
  }
}

function writeOutput(path: string, bytes: Uint8Array): void {
  try {
    writeFileAtomicSync(path, bytes)
  } catch (error) {
    throw new PhicodeError(`${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`, EXIT.CANT_WRITE)
  }
}
