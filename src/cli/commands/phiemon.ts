import {
  buildSpec, checkPlatform, daemonStatus, deleteDaemon, followLog, formatDuration, lastLines, listDaemons, logSize, parseCount,
  parseDuration, parseSize, restartDaemon, startDaemon, stopDaemon, supervise, checkName, type DaemonView, type StopResult,
  installStartup, resurrectDaemons, saveDaemons,
} from '../../daemon'
import { EXIT, PhicodeError } from '../../errors'
import { formatBytes } from '../../util/bytes'
import { ARGS, type Args, type PhiemonAction } from '../args'
import type { ParsedArgs } from '../types'
import { printJson } from '../output'

type Parsed = ParsedArgs<Args>

/** A phiemon action: `phiemon` starts a daemon, the others manage them (main.ts checked the options). */
export async function phiemonMain(action: PhiemonAction, args: Parsed, moduleArgs: string[]): Promise<number> {
  checkPlatform()
  return action === 'phiemon' ? phiemonStartCommand(args, moduleArgs) : phiemonCommand(action, args, moduleArgs)
}

/** `phicode --phiemon-supervise <name>`: the detached supervisor itself; exits when it is done. */
export async function superviseCommand(name: string | undefined): Promise<never> {
  process.exit(await supervise(checkName(name ?? '')))
}

/** `phicode [module] [args…] --phiemon …`: starts the daemon and returns once its app runs. */
async function phiemonStartCommand(args: Parsed, moduleArgs: string[]): Promise<number> {
  const spec = buildSpec({
    module: args.module,
    args: moduleArgs,
    cwd: process.cwd(),
    interpreter: { python: args.python, cpython: args.cpython, pypy: args.pypy, node: args.node, bun: args.bun, interpreter: args.interpreter },
    bypass: args.bypass,
    debug: args.debug,
    name: args.name,
    maxRestarts: args['max-restarts'] === undefined ? undefined : parseCount('max-restarts', args['max-restarts'], 0, 1_000_000),
    graceMs: args['phiemon-grace'] === undefined ? undefined : parseDuration('phiemon-grace', args['phiemon-grace']),
    stableMs: args['phiemon-stable'] === undefined ? undefined : parseDuration('phiemon-stable', args['phiemon-stable']),
    startupGraceMs: args['phiemon-startup-grace'] === undefined ? undefined : parseDuration('phiemon-startup-grace', args['phiemon-startup-grace']),
    watch: args.watch,
    logMaxBytes: args['phiemon-log-size'] === undefined ? undefined : parseSize('phiemon-log-size', args['phiemon-log-size']),
    logFiles: args['phiemon-log-files'] === undefined ? undefined : parseCount('phiemon-log-files', args['phiemon-log-files'], 0, 100),
  })
  const view = await startDaemon(spec)
  if (args.json) printJson(view)
  else if (view.status === 'exited') process.stdout.write(`${view.name}: the app ${view.message}\n`)
  else process.stdout.write(`started ${view.name}: pid ${view.pid ?? '-'} (supervisor ${view.supervisorPid}); logs: phicode --phiemon-logs ${view.name}\n`)
  return 0
}

/** The daemon a management action is about: the positional name or --name. */
function targetName(args: Parsed, action: PhiemonAction, moduleArgs: string[], required: boolean): string | undefined {
  if (moduleArgs.length > 0) throw new PhicodeError(`--${action} takes one daemon name; unexpected ${JSON.stringify(moduleArgs[0])}`, EXIT.USAGE)
  if (args.module !== undefined && args.name !== undefined && args.module !== args.name) {
    throw new PhicodeError(`--${action}: two names given (${args.module} and --name ${args.name})`, EXIT.USAGE)
  }
  const name = args.module ?? args.name
  if (name === undefined && required) throw new PhicodeError(`--${action} needs a daemon name${(ARGS.all.with as readonly string[]).includes(action) ? ' or --all' : ''}`, EXIT.USAGE)
  return name === undefined ? undefined : checkName(name)
}

/** The management actions: status, list, stop, restart, logs, delete. */
async function phiemonCommand(action: Exclude<PhiemonAction, 'phiemon'>, args: Parsed, moduleArgs: string[]): Promise<number> {
  const json = args.json === true
  switch (action) {
    case 'phiemon-list':
      return printViews(listDaemons(), json)
    case 'phiemon-status': {
      const name = targetName(args, action, moduleArgs, false)
      if (name === undefined) return printViews(listDaemons(), json)
      const view = daemonStatus(name)
      if (json) printJson(view)
      else process.stdout.write(describe(view))
      return 0
    }
    case 'phiemon-stop':
    case 'phiemon-delete': {
      const run = action === 'phiemon-stop' ? stopDaemon : deleteDaemon
      if (args.all) {
        if (args.module !== undefined || args.name !== undefined) throw new PhicodeError(`--${action}: give a name or --all, not both`, EXIT.USAGE)
        const results = await Promise.all(listDaemons().map((v) => run(v.name)))
        return printStops(results, action, json ? results : undefined)
      }
      const result = await run(targetName(args, action, moduleArgs, true)!)
      return printStops([result], action, json ? result : undefined)
    }
    case 'phiemon-restart': {
      const view = await restartDaemon(targetName(args, action, moduleArgs, true)!)
      if (json) printJson(view)
      else process.stdout.write(`restarted ${view.name}: pid ${view.pid ?? '-'} (${view.status})\n`)
      return 0
    }
    case 'phiemon-logs':
      return logsCommand(targetName(args, action, moduleArgs, true)!, args)
    case 'phiemon-save':
      return saveCommand(json)
    case 'phiemon-resurrect':
      return resurrectCommand(json)
    case 'phiemon-startup':
      return startupCommand(args, json)
  }
}

function saveCommand(json: boolean): number {
  const result = saveDaemons()
  if (json) printJson(result)
  else {
    const names = result.saved.length > 0 ? `: ${result.saved.join(', ')}` : ''
    process.stdout.write(`saved ${result.saved.length} daemon${result.saved.length === 1 ? '' : 's'}${names} to ${result.path}\n`)
    if (result.skipped.length > 0) process.stdout.write(`not running, not saved: ${result.skipped.join(', ')}\n`)
  }
  return 0
}

/** Exit 69 when any saved daemon failed to start; the others are started all the same. */
async function resurrectCommand(json: boolean): Promise<number> {
  const results = await resurrectDaemons()
  if (json) printJson(results)
  else {
    if (results.length === 0) process.stdout.write('no daemons saved\n')
    for (const r of results) {
      if (r.outcome === 'failed') process.stderr.write(`phicode: error: ${r.name}: ${r.error}\n`)
      else process.stdout.write(`${r.outcome === 'started' ? 'started' : 'already running'} ${r.name}: pid ${r.pid ?? '-'}\n`)
    }
  }
  return results.some((r) => r.outcome === 'failed') ? EXIT.UNAVAILABLE : 0
}

function startupCommand(args: Parsed, json: boolean): number {
  const result = installStartup(args['phiemon-startup']!, { user: args.user === true, dir: args['phiemon-unit-dir'] })
  if (json) printJson(result)
  else if (result.path === null) process.stdout.write(result.unit)
  else {
    process.stdout.write(`wrote ${result.path}\nto start the saved daemons at boot, run:\n${result.commands.map((c) => `  ${c}\n`).join('')}`)
    process.stdout.write('phicode --phiemon-save records which daemons come back (run it again after starting or stopping one)\n')
  }
  return 0
}

/** `json`: what to print as JSON (one result for one name, the list for --all), undefined for text. */
function printStops(results: StopResult[], action: string, json: StopResult | StopResult[] | undefined): number {
  if (json) printJson(json)
  else {
    for (const r of results) {
      const verb = action === 'phiemon-delete' ? 'deleted' : 'stopped'
      process.stdout.write(r.stopped || action === 'phiemon-delete' ? `${verb} ${r.name}\n` : `${r.name} was not running (${r.was})\n`)
    }
  }
  return 0
}

const LOG_LINE = /^(\S+) \[(out|err|phiemon)\] (.*)$/

async function logsCommand(name: string, args: Parsed): Promise<number> {
  const { log } = daemonStatus(name)
  const count = args.lines === undefined ? 20 : parseCount('lines', args.lines, 0, 1_000_000)
  if (args.json && args.follow) throw new PhicodeError('--json cannot be combined with --follow', EXIT.USAGE)
  const end = logSize(log)
  const lines = lastLines(log, count, end)
  if (args.json) {
    printJson(lines.map((line) => {
      const m = LOG_LINE.exec(line)
      return m ? { time: m[1], stream: m[2], text: m[3] } : { time: null, stream: null, text: line }
    }))
    return 0
  }
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n')
  if (!args.follow) return 0
  const stop = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stop.abort())
  await followLog(log, end, (text) => process.stdout.write(text), stop.signal)
  return 0
}

function printViews(views: DaemonView[], json: boolean): number {
  if (json) {
    printJson(views)
    return 0
  }
  if (views.length === 0) {
    process.stdout.write('no daemons (start one with: phicode app --phiemon)\n')
    return 0
  }
  const rows = [
    ['NAME', 'STATUS', 'PID', 'UPTIME', 'RESTARTS', 'MEMORY'],
    ...views.map((v) => [
      v.name,
      v.status,
      v.pid === null ? '-' : String(v.pid),
      v.uptimeMs === null ? '-' : formatDuration(v.uptimeMs),
      String(v.restarts),
      v.memoryBytes === null ? '-' : formatBytes(v.memoryBytes),
    ]),
  ]
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)))
  for (const row of rows) process.stdout.write(row.map((cell, k) => cell.padEnd(widths[k]!)).join('  ').trimEnd() + '\n')
  return 0
}

function describe(v: DaemonView): string {
  const fields: [string, string | null][] = [
    ['name', v.name],
    ['status', v.status],
    ['pid', v.pid === null ? '-' : `${v.pid} (supervisor ${v.supervisorPid})`],
    ['uptime', v.uptimeMs === null ? null : formatDuration(v.uptimeMs)],
    ['restarts', `${v.restarts} (${v.streak} of ${v.maxRestarts} in a row)`],
    ['memory', v.memoryBytes === null ? null : formatBytes(v.memoryBytes)],
    ['next restart', v.nextRestartAt === null ? null : `in ${formatDuration(Math.max(0, Date.parse(v.nextRestartAt) - Date.now()))}`],
    ['message', v.message],
    ['command', `phicode ${v.command.join(' ')}`],
    ['cwd', v.cwd],
    ['watching', v.watch],
    ['log', v.log],
  ]
  return fields
    .filter((f): f is [string, string] => f[1] !== null)
    .map(([key, value]) => `${key.padEnd(13)}${value}\n`)
    .join('')
}
