#!/usr/bin/env node
/**
 * The `phicode` command of the npm package: runs the executable from the platform package npm
 * installed beside this one (an optional dependency, chosen by its `os`, `cpu` and `libc`).
 * Plain JavaScript, because it runs on whatever Node the user has as well as on Bun.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
/** EX_UNAVAILABLE, as the binary itself exits when something it needs is missing. */
const UNAVAILABLE = 69
const TERMINAL_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGBREAK']

const _relayable = () =>
  process.platform === 'win32' ? ['SIGINT', 'SIGBREAK'] : ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']

/**
 * musl builds are separate packages. A process on musl maps musl's loader, which is its libc too
 * (cheaper to read than `process.report`, which costs Node 5 ms).
 */
const _isMusl = () => process.platform === 'linux' && readFileSync('/proc/self/maps', 'utf8').includes('/ld-musl-')

const _platformPackage = () => `@phicode/${process.platform}-${process.arch}${_isMusl() ? '-musl' : ''}`

function _binaryOf(pkg) {
  try {
    const binary = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', process.platform === 'win32' ? 'phicode.exe' : 'phicode')
    return existsSync(binary) ? binary : undefined
  } catch {
    return undefined
  }
}

/** Says what is missing and how to get it; names another platform's package when that is what is installed. */
function _fail(pkg) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const shipped = Object.keys(manifest.optionalDependencies ?? {})
  const lines = shipped.includes(pkg)
    ? [
        `phicode: the executable for this platform is not installed: ${pkg}@${manifest.version} (an optional dependency of phicode).`,
        'Optional dependencies are left out by `npm install --no-optional` / `--omit=optional`, and a node_modules',
        'installed on another system (copied into a container, say) holds that system\'s package instead.',
        `Reinstall without omitting optional dependencies, or add it: npm install ${pkg}@${manifest.version}`,
      ]
    : [`phicode: no executable is published for ${process.platform}-${process.arch}; packages exist for: ${shipped.join(', ')}.`]
  const elsewhere = shipped.filter((other) => other !== pkg && _binaryOf(other))
  if (elsewhere.length > 0) lines.push(`Installed instead: ${elsewhere.join(', ')}, for another platform.`)
  process.stderr.write(`${lines.join('\n')}\n`)
  process.exit(UNAVAILABLE)
}

/**
 * Where the runtime can exec (Bun, Node 22.15+ on POSIX), the launcher becomes the binary: same
 * pid, so argv, stdio, exit status and every signal are the binary's own, and no parent stays
 * behind. Elsewhere a child runs with our stdio and its end is mirrored.
 */
function _run(binary, args) {
  if (typeof process.execve === 'function' && process.platform !== 'win32') process.execve(binary, [binary, ...args], process.env)
  // Required here, not imported: loading node:tty alone costs Bun 6 ms, and Bun always execs.
  const child = require('node:child_process').spawn(binary, args, { stdio: 'inherit' })
  // Ctrl-C and the like reach the child directly when it shares our terminal (or Windows
  // console): relaying them too would deliver each twice, so they are only outlived.
  const fromTerminal = process.platform === 'win32' || require('node:tty').isatty(0) ? TERMINAL_SIGNALS : []
  for (const signal of _relayable()) {
    process.on(signal, () => {
      if (!fromTerminal.includes(signal)) child.kill(signal)
    })
  }
  child.on('error', (error) => {
    process.stderr.write(`phicode: cannot run ${binary}: ${error.message}\n`)
    process.exit(UNAVAILABLE)
  })
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code)
    // Die of the same signal, so the caller sees what it would have seen from the binary.
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
    process.exit(128 + require('node:os').constants.signals[signal])
  })
}

const pkg = _platformPackage()
const binary = _binaryOf(pkg)
if (binary === undefined) _fail(pkg)
try {
  _run(binary, process.argv.slice(2))
} catch (error) {
  process.stderr.write(`phicode: cannot run ${binary}: ${error.message}\n`)
  process.exit(UNAVAILABLE)
}
