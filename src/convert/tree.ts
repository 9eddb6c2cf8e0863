import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import { loadConfig } from '../config/load'
import { EXIT, PhicodeError } from '../errors'
import { convert } from '../transpile/convert'
import { decodeSource } from '../transpile/source'
import { convertAll } from './_pool'
import { dialectOfExtension, isPhiFile } from './infer'
import type { FileJob, FileOutcome, OutputPlace, TreeRequest, TreeSummary } from './types'
import { walkTree } from './walk'

/**
 * Converts files and trees: every file is converted in memory first (in parallel), then
 * checked against what it would replace, and only then written, each atomically. A file that
 * fails to convert is reported and the others are still written; a refused overwrite stops
 * the run before anything is written.
 */
export async function convertTree(req: TreeRequest): Promise<TreeSummary> {
  const started = performance.now()
  const inputs = req.inputs.map((p) => resolve(req.cwd, p))
  const output = req.output === undefined ? undefined : resolve(req.cwd, req.output)
  const jobs = _plan(inputs, output, req)
  const totalBytes = jobs.reduce((sum, job) => sum + job.size, 0)
  req.onProgress?.(0, jobs.length)
  const run = await convertAll(jobs, totalBytes, (done) => req.onProgress?.(done, jobs.length), req.onWarning)
  const files = run.outcomes
  _refuseClashes(files, new Set(jobs.map((j) => j.input)), req.force)
  if (req.check) for (const file of files) _compare(file)
  else {
    const refused = files.filter((f) => f.status === 'refused')
    if (refused.length > 0) {
      const list = refused.map((f) => `  ${f.error}`).join('\n')
      throw new PhicodeError(`nothing written: ${refused.length} file(s) would be overwritten (pass --force to allow)\n${list}`, EXIT.CANT_WRITE)
    }
    await _writeAll(files)
  }
  const converted = files.filter((f) => f.status !== 'failed' && f.status !== 'refused')
  return {
    files,
    count: converted.length,
    failed: files.filter((f) => f.status === 'failed').length,
    refused: files.filter((f) => f.status === 'refused').length,
    differs: files.filter((f) => f.status === 'differs').length,
    bytes: converted.reduce((sum, f) => sum + f.size, 0),
    seconds: (performance.now() - started) / 1000,
    workers: run.workers,
  }
}

type SizedJob = FileJob & { size: number }

/** The jobs of every input: a file as given, a directory walked; ends with a usage error for a bad input. */
function _plan(inputs: string[], output: string | undefined, req: TreeRequest): SizedJob[] {
  const outputIsDir = output !== undefined && (inputs.length > 1 || req.output!.endsWith('/') || _isDir(output) || inputs.some(_isDir))
  const jobs: SizedJob[] = []
  const seen = new Set<string>()
  const exclude = new Set(output && outputIsDir ? [output] : [])
  for (const input of inputs) {
    let stat
    try {
      stat = statSync(input)
    } catch {
      throw new PhicodeError(`${input}: no such file or directory`, EXIT.NOT_FOUND)
    }
    const add = (file: string, place: OutputPlace, size: number): void => {
      if (seen.has(file)) return
      seen.add(file)
      jobs.push({ input: file, place, to: req.to, dialect: req.dialect, size })
    }
    if (stat.isDirectory()) {
      const phiExtension = loadConfig(input).config.file_extension
      for (const file of walkTree(input, exclude).files) {
        if (!_taken(file, phiExtension, req)) continue
        add(file, outputIsDir ? { kind: 'dir', dir: output!, rel: relative(input, file) } : { kind: 'beside' }, statSync(file).size)
      }
    } else {
      const place: OutputPlace = output === undefined ? { kind: 'beside' } : outputIsDir ? { kind: 'dir', dir: output, rel: basename(input) } : { kind: 'file', path: output }
      add(input, place, stat.size)
    }
  }
  return jobs
}

/** A walked file is converted when its name says φ or code, in the direction and dialect asked for. */
function _taken(file: string, phiExtension: string, req: TreeRequest): boolean {
  if (isPhiFile(file, phiExtension)) return req.to !== 'phicode'
  const dialect = dialectOfExtension(file)
  if (!dialect || (req.dialect && req.dialect !== dialect)) return false
  return req.to === undefined || req.to === 'phicode'
}

/**
 * Fails what would clobber a file of this run (two inputs with one output, an output that is
 * another input) and refuses, without --force, to replace an existing file of the other form:
 * plain code under φ text, or φ under plain code (the input itself, with `-o` naming it).
 */
function _refuseClashes(files: FileOutcome[], inputs: ReadonlySet<string>, force: boolean): void {
  const owners = new Map<string, string>()
  for (const file of files) {
    if (file.status !== 'converted' || !file.output) continue
    const earlier = owners.get(file.output)
    const refuse = (why: string, status: 'refused' | 'failed' = 'refused'): void => {
      file.status = status
      file.error = `${file.output}: ${why}`
    }
    // Clashes inside the run: no flag makes them right, so the file fails and the rest go on.
    if (earlier) refuse(`is also the conversion of ${earlier}; ${file.input} is not converted`, 'failed')
    else if (file.output !== file.input && inputs.has(file.output)) refuse('is itself converted in this run; convert one direction at a time (--to)', 'failed')
    else if (!force && _otherForm(file)) refuse(`holds ${file.direction === 'reverse' ? 'plain code' : 'φ code'}; ${file.direction === 'reverse' ? 'φ text' : 'plain code'} would replace it`)
    else owners.set(file.output, file.input)
  }
}

/**
 * Whether the existing file at the output is of the form the conversion does not write: a
 * φ-named file, or one whose text changes when read as φ, holds φ code; a code-named one that
 * does not, plain code.
 */
function _otherForm(file: FileOutcome): boolean {
  const path = file.output!
  if (!existsSync(path) || _isDir(path)) return false
  const loaded = loadConfig(dirname(path))
  const named = isPhiFile(path, loaded.config.file_extension) ? 'phi' : dialectOfExtension(path) ? 'code' : undefined
  const holdsPhi = (): boolean => {
    const text = decodeSource(readFileSync(path)).text
    try {
      return convert(text, 'forward', { table: loaded.tables[file.dialect!], filename: path }).code !== text
    } catch {
      return false
    }
  }
  if (file.direction === 'reverse') return named === 'code' || (named === undefined && !holdsPhi())
  return named === 'phi' || holdsPhi()
}

function _compare(file: FileOutcome): void {
  if (file.status !== 'converted') return
  let current: Uint8Array | undefined
  try {
    current = readFileSync(file.output!)
  } catch {}
  file.status = current && Buffer.from(current).equals(file.bytes!) ? 'unchanged' : 'differs'
  file.bytes = undefined
}

/** Writes overlap: a tree's time goes to the file system more than to conversion. */
const WRITES_AT_ONCE = 32

async function _writeAll(files: FileOutcome[]): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < files.length) await _write(files[next++]!)
  }
  await Promise.all(Array.from({ length: WRITES_AT_ONCE }, lane))
}

/** Atomically, with the input's permission bits; an identical file is left as it is. */
async function _write(file: FileOutcome): Promise<void> {
  if (file.status !== 'converted') return
  const path = file.output!
  const bytes = file.bytes!
  file.bytes = undefined
  // Required here: a static `promises` import is evaluated at every start (node:fs/promises loads with it).
  const { chmod, mkdir, readFile, rename, rm, stat, writeFile } = require('node:fs/promises') as typeof import('node:fs/promises')
  try {
    const existing = await stat(path).catch(() => undefined)
    if (existing?.isFile() && (existing.mode & 0o7777) === file.mode && existing.size === bytes.length && Buffer.from(await readFile(path)).equals(bytes)) {
      file.status = 'unchanged'
      return
    }
    await mkdir(dirname(path), { recursive: true })
    const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`
    try {
      await writeFile(temp, bytes)
      await chmod(temp, file.mode!)
      await rename(temp, path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  } catch (error) {
    file.status = 'failed'
    file.error = `${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`
  }
}

function _isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
