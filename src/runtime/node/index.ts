import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { tempRoot } from '../../util/os'
import { EXIT, PhicodeError } from '../../errors'
import { nodeCompiledExtensions, phiExtensions } from '../../kinds'
import { readDotenv } from '../dotenv'
import type { RunOptions, RunOutcome } from '../types'
import { serveTransforms } from './_server'
import { childOwnsGroup, relaySignals } from '../../util/signals'
import HOOKS from './hooks.mjs' with { type: 'text' }
import REGISTER from './register.mjs' with { type: 'text' }
import SERVE from './serve.mjs' with { type: 'text' }

/**
 * Runs a typescript-dialect app on the machine's Node as `node x.js args` would run it (stdio
 * inherited, argv, exit code or signal passed back). Node loads project φ/TS/JSX files through
 * module hooks that ask this process to convert them (Bun compiles, with source maps, and
 * `--enable-source-maps` makes traces name φ lines); node_modules load natively.
 */
export async function runNode(options: RunOptions): Promise<RunOutcome> {
  requireModuleHooks(options.interpreter)
  const dir = mkdtempSync(join(tempRoot(), 'phicode-node-'))
  try {
    const files = { hooks: HOOKS, register: REGISTER, serve: SERVE }
    const urls = Object.fromEntries(
      Object.entries(files).map(([name, text]) => {
        writeFileSync(join(dir, `${name}.mjs`), text)
        return [name, Bun.pathToFileURL(join(dir, `${name}.mjs`)).href]
      }),
    ) as Record<keyof typeof files, string>
    const socket = process.platform === 'win32' ? `\\\\.\\pipe\\${basename(dir)}` : join(dir, 'convert.sock')
    const extensions = phiExtensions([options.config.config.file_extension])
    const server = serveTransforms(socket, { phiExtensions: extensions, entry: options.entry.path, cache: options.cache })
    try {
      const compiled = { esm: nodeCompiledExtensions('esm'), cjs: nodeCompiledExtensions('cjs') }
      const guard = childOwnsGroup()
      return await runChild(options, importRegister(urls.register, { hooks: urls.hooks, serve: urls.serve, socket, extensions, compiled, guard }), guard)
    } finally {
      server.stop()
      options.cache?.finish()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `module.register()` arrived in Node 20.6 and 18.19. */
function requireModuleHooks({ path, version }: RunOptions['interpreter']): void {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major > 20 || (major === 20 && minor >= 6) || (major === 18 && minor >= 19)) return
  throw new PhicodeError(`--node needs Node 20.6 or newer (module hooks); ${path} is Node ${version}`, EXIT.UNAVAILABLE)
}

/** The `--import` module (register.mjs, with its data); a flag, not NODE_OPTIONS, so the app's own children stay plain Node. */
interface RegisterData {
  hooks: string
  serve: string
  socket: string
  /** φ extensions. */
  extensions: string[]
  /** The plain files phicode compiles for import and for require(). */
  compiled: { esm: string[]; cjs: string[] }
  /** Node leads a process group of its own (`childOwnsGroup`): it ends its group when phicode's socket closes. */
  guard: boolean
}

function importRegister(register: string, data: RegisterData): string {
  return `data:text/javascript,${encodeURIComponent(`import{setup}from${JSON.stringify(register)};setup(${JSON.stringify(data)})`)}`
}

async function runChild(options: RunOptions, importHooks: string, ownGroup: boolean): Promise<RunOutcome> {
  const { interpreter, entry, args, cwd } = options
  let pid: number | undefined
  const unrelay = relaySignals(() => pid, ownGroup)
  try {
    // The .env files bun would load, read as bun reads them: one app, the same values on both.
    const dotenv = await readDotenv(cwd, process.env)
    const child = Bun.spawn([interpreter.path, '--enable-source-maps', '--import', importHooks, entry.path, ...args], {
      cwd,
      env: { ...process.env, ...dotenv },
      stdio: ['inherit', 'inherit', 'inherit'],
      detached: ownGroup,
    })
    pid = child.pid
    await child.exited
    const signal = child.signalCode
    if (typeof signal === 'string') return { signal }
    // A signal Bun has no name for: the status a shell would show.
    return { exitCode: child.exitCode ?? 128 + (signal ?? 0) }
  } finally {
    unrelay()
  }
}
