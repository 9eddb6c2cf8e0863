import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { LoadedConfig } from '../config/types'
import { EXIT, PhicodeError } from '../errors'
import type { Interpreter, ResolvedEntry, RunOutcome } from '../runtime/types'
import { phiColumn } from '../transpile/columns'
import { convert } from '../transpile/convert'
import { TranspileError } from '../transpile/error'
import driver from './driver.py' with { type: 'text' }
import type { Evaluated, Session } from './types'
import { tempRoot } from '../util/os'

interface Reply {
  ready?: true
  more?: true
  done?: true
  exit?: true
  syntax?: { line: number; offset: number; message: string }
}

/** The φ scanner's errors that more lines may close. */
const UNFINISHED = new Set(['UNTERMINATED_STRING', 'UNTERMINATED_FSTRING'])

/** A line-oriented JSON connection: the driver's replies in order, `undefined` once it is gone. */
function replies() {
  const waiting: Array<(reply: Reply | undefined) => void> = []
  const queued: Array<Reply | undefined> = []
  let buffer = ''
  const deliver = (reply: Reply | undefined) => {
    const next = waiting.shift()
    if (next) next(reply)
    else queued.push(reply)
  }
  return {
    data(text: string) {
      buffer += text
      for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
        deliver(JSON.parse(buffer.slice(0, at)) as Reply)
        buffer = buffer.slice(at + 1)
      }
    },
    end: () => deliver(undefined),
    next: (): Promise<Reply | undefined> => (queued.length > 0 ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve))),
  }
}

export interface PythonSessionOptions {
  config: LoadedConfig
  interpreter: Interpreter
  cwd: string
  debug: boolean
}

/**
 * The python REPL: the chosen Python runs the driver (driver.py) through phicode's bootstrap, so
 * φ modules import as in a run; this process reads and converts each entry and the driver
 * compiles and runs it in `__main__`, answering over a Unix socket whether the entry needs more
 * lines. A syntax error is shown on its φ line, a traceback with φ lines.
 */
export async function pythonSession(options: PythonSessionOptions): Promise<Session> {
  const { config, interpreter, cwd } = options
  const socketPath = join(tempRoot(), `phicode-repl-${process.pid}-${Math.random().toString(36).slice(2, 8)}.sock`)
  const channel = replies()
  let client: Bun.Socket | undefined
  const connected = Promise.withResolvers<void>()
  const listener = Bun.listen({
    unix: socketPath,
    socket: {
      open(socket) {
        client = socket
        connected.resolve()
      },
      data: (_socket, data) => channel.data(new TextDecoder().decode(data)),
      close: () => channel.end(),
    },
  })
  const entry: ResolvedEntry = { path: join(cwd, '-c'), kind: 'phi', dialect: 'python', root: config.root }
  const { runPython } = await import('../runtime/python')
  const run: Promise<RunOutcome> = runPython({ entry, args: [socketPath], interpreter, config, cwd, debug: options.debug, inline: { name: '-c', code: driver } })
  const started = await Promise.race([connected.promise.then(() => channel.next()), run])
  if (!started || !('ready' in started)) {
    listener.stop(true)
    throw new PhicodeError(`the Python REPL did not start in ${interpreter.path}`, EXIT.UNAVAILABLE)
  }
  /** One entry, as the driver takes it, under the name its tracebacks show. */
  async function evaluate(phi: string, name: string): Promise<Evaluated> {
      let source: string
    try {
      source = convert(phi, 'forward', { dialect: 'python', table: config.tables.python, filename: name }).code
    } catch (error) {
      if (!(error instanceof TranspileError)) throw error
      if (UNFINISHED.has(error.code)) return 'more'
      process.stderr.write(`  File "${name}", line ${error.line}\n    ${phi.split('\n')[error.line - 1] ?? ''}\n    ${' '.repeat(error.column - 1)}^\nSyntaxError: ${error.reason}\n`)
      return 'done'
    }
    client?.write(`${JSON.stringify({ source, phi, name })}\n`)
    const reply = await channel.next()
    if (reply === undefined || reply.exit) return 'exit'
    if (reply.more) return 'more'
    if (reply.syntax) {
      const { line, offset, message } = reply.syntax
      const phiLine = phi.split('\n')[line - 1] ?? ''
      const column = phiColumn(phiLine, source.split('\n')[line - 1] ?? '', offset, config.tables.python)
      process.stderr.write(`  File "${name}", line ${line}\n    ${phiLine}\n    ${' '.repeat(Math.max(0, column - 1))}^\n${message}\n`)
    }
    return 'done'
  }

  let count = 0
  let continuing = false
  const ended = (outcome: Evaluated): Evaluated => {
    continuing = outcome === 'more'
    return outcome
  }
  return {
    prompts: { first: 'φ>>> ', more: '... ' },
    async evaluate(phi: string): Promise<Evaluated> {
      if (!continuing) count++
      return ended(await evaluate(phi, `<φ-input-${count}>`))
    },
    async close() {
      client?.write(`${JSON.stringify({ quit: true })}\n`)
      client?.end()
      const outcome = await run
      listener.stop(true)
      rmSync(socketPath, { force: true })
      return outcome.exitCode ?? 1
    },
  }
}
