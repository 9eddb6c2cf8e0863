/**
 * A φ-Python run from source (src/runtime/python/index.ts: `runPython` and the resolution layer)
 * on the real CPython and PyPy: what the program prints and exits with, and what `--debug` says
 * was served, cached and pushed ahead. Expected outputs and counts written by hand.
 */
import { expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bytecodeKind, debianPython, required } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'
import { runSource } from '../../helpers/source'

setDefaultTimeout(60_000)


async function phicode(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { code, signal, stdout, stderr } = await runSource(['--debug', ...args], cwd, { PYTHONUSERBASE: join(cwd, '.user'), ...env })
  const debug = (prefix: string) =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith(`phicode: debug: ${prefix}`))
      .map((l) => l.slice(`phicode: debug: ${prefix}`.length).replace(/ in \d+\.\d ms$/, '').replace(/ in \d+ pack\(s\), .*$/, ''))
  return { code, signal, stdout, served: debug('python: served '), cache: debug('cache: '), ended: debug('python: ').filter((l) => l.includes(' ended with ')) }
}

/**
 * Waits until every file of `dir` was last changed over two seconds ago: phicode never pushes a
 * module changed more recently (its timestamps could still change within their granularity),
 * and a file's ctime cannot be set back.
 */
async function settled(dir: string): Promise<void> {
  const newest = Math.max(...readdirSync(dir).map((name) => statSync(join(dir, name)).ctimeMs))
  const wait = newest + 2_100 - Date.now()
  if (wait > 0) await Bun.sleep(wait)
}

const PROGRAM = {
  'main.φ': '⇒ sys, os\n⇒ mathx, util\nπ(mathx.double(util.inc(20)), sys.argv[1:], os.getcwd() == sys.argv[1])\nsys.exit(5)\n',
  'mathx.φ': 'ƒ double(x):\n    ⟲ x * 2\n',
  'util.φ': 'ƒ inc(x):\n    ⟲ x + 1\n',
  'other.φ': '⇒ util\nπ(util.inc(1))\n',
}

test('a second run pushes the modules the first imported, and needs none served; the bytecode compiled last is kept', async () => {
  const python = debianPython()
  const dir = tempProject(PROGRAM)
  // The resolution layer counts a module pushed and not asked for as a hit, one asked for as a miss.
  const cacheLine = (counts: string) => `${dir}/.(φ)cache (project): hits memory 3/6, ${counts}`
  const first = await phicode(['main.φ', dir, 'b'], dir, { PHITON_PATH: python })
  expect(first).toEqual({
    code: 5,
    signal: null,
    stdout: `42 ['${dir}', 'b'] True\n`,
    served: [`${dir}/main.φ (S)`, `${dir}/mathx.φ (S)`, `${dir}/util.φ (S)`],
    cache: [cacheLine('transpiled 0/3, bytecode 0/4, resolution 0/3; wrote 8 entries')],
    ended: [`${python} ended with exit code 5`],
  })
  // Every module's bytecode, the last one's included, reached the cache.
  expect(readdirSync(join(dir, '.(φ)cache'))).toContain(bytecodeKind(python))
  await settled(dir)
  const second = await phicode(['main.φ', dir, 'b'], dir, { PHITON_PATH: python })
  // Nothing new to write: the list is the same.
  expect(second).toEqual({ ...first, served: [], cache: [cacheLine('transpiled 3/3, bytecode 4/4, resolution 3/3; wrote 0 entries')] })

  // Another entry, another interpreter, another working directory: each its own list.
  const other = await phicode(['other.φ'], dir, { PHITON_PATH: python })
  expect(other).toMatchObject({ code: 0, stdout: '2\n', served: [`${dir}/other.φ (S)`, `${dir}/util.φ (C)`] })
  expect(other.cache[0]).toContain('resolution 0/2;')
  const pypy = await phicode(['main.φ', dir, 'b'], dir, { PHITON_PATH: required('pypy3') })
  expect(pypy).toMatchObject({ code: 5, served: [`${dir}/main.φ (S)`, `${dir}/mathx.φ (S)`, `${dir}/util.φ (S)`] })
  const below = join(dir, 'below')
  await Bun.write(join(below, '.keep'), '')
  const elsewhere = await phicode([join(dir, 'main.φ'), below, 'b'], below, { PHITON_PATH: python })
  expect(elsewhere).toMatchObject({ code: 5, served: [`${dir}/main.φ (C)`, `${dir}/mathx.φ (C)`, `${dir}/util.φ (C)`] })
  expect(elsewhere.cache[0]).toContain('resolution 0/3;')

  // The imports change (as many as before, one of them new): the list is stored anew.
  writeFileSync(join(dir, 'main.φ'), '⇒ mathx, other\nπ(mathx.double(3))\n')
  const changed = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(changed).toMatchObject({ code: 0, stdout: '2\n6\n', served: [`${dir}/main.φ (S)`, `${dir}/other.φ (C)`] })
  // Pushed: main, mathx, util; asked for: main, other.
  expect(changed.cache[0]).toContain('resolution 2/4;')
  await settled(dir)
  const again = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(again).toMatchObject({ code: 0, stdout: '2\n6\n', served: [] })
  // util was pushed last time: it stays on the list (phicode cannot tell whether a pushed module was used).
  expect(again.cache[0]).toEndWith('resolution 4/4; wrote 0 entries')

  // As many modules as before, one of them another (util gone, extra new): the list is stored anew.
  rmSync(join(dir, 'util.φ'))
  writeFileSync(join(dir, 'other.φ'), 'π(2)\n')
  writeFileSync(join(dir, 'extra.φ'), 'E = 5\n')
  writeFileSync(join(dir, 'main.φ'), '⇒ mathx, other\ntry:\n    ⇒ extra\nexcept ImportError:\n    extra = None\nπ(mathx.double(extra.E if extra else 1))\n')
  await settled(dir)
  const swapped = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(swapped).toMatchObject({ code: 0, stdout: '2\n10\n', served: [`${dir}/main.φ (S)`, `${dir}/other.φ (S)`, `${dir}/extra.φ (S)`] })
  const settledRun = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(settledRun).toMatchObject({ code: 0, stdout: '2\n10\n', served: [] })
  expect(settledRun.cache[0]).toEndWith('; wrote 0 entries')

  // One module fewer, the others as before (the list shrinks to its beginning): stored anew too.
  rmSync(join(dir, 'extra.φ'))
  const shrunk = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(shrunk).toMatchObject({ code: 0, stdout: '2\n2\n', served: [] })
  expect(shrunk.cache[0]).toEndWith('resolution 3/3; wrote 1 entries')
})

test('the pushed modules reach an interpreter at the level phicode expects, and one at another level, which asks for them', async () => {
  const python = debianPython()
  const dir = tempProject(PROGRAM)
  const counts = (run: { cache: string[] }) => run.cache[0]!.replace(/.*hits /, '')
  // PYTHONOPTIMIZE=2 is expected as level 2; ' 2' is level 2 too for CPython (strtol skips the
  // blank), but phicode expects 1 of a value that is not a plain number: the pushed message
  // is for another level, and the interpreter asks with H instead.
  // The level-1 lookups of that message count as bytecode misses.
  for (const [value, bytecode] of [['2', '4/4'], [' 2', '4/7']] as const) {
    const env = { PHITON_PATH: python, PYTHONOPTIMIZE: value }
    await phicode(['main.φ', dir, 'b'], dir, env)
    await settled(dir)
    const pushed = await phicode(['main.φ', dir, 'b'], dir, env)
    expect([value, pushed.code, pushed.stdout, pushed.served, counts(pushed)]).toEqual([value, 5, `42 ['${dir}', 'b'] True\n`, [], `memory 3/6, transpiled 3/3, bytecode ${bytecode}, resolution 3/3; wrote 0 entries`])
  }
})

test("phicode settles its cache while the interpreter finalizes: the statistics are written before a __del__ at shutdown ends", async () => {
  const dir = tempProject({
    'waits.φ': [
      'import os, sys, time',
      'class Waiter:',
      '    def __init__(self, *tools):',
      '        self.tools = tools',
      '    def __del__(self):',
      '        path, exists, clock, sleep, write = self.tools',
      '        end = clock() + 10',
      '        while not exists(path) and clock() < end:',
      '            sleep(0.005)',
      "        write(1, b'written\\n' if exists(path) else b'not yet\\n')",
      'waiter = Waiter(sys.argv[1], os.path.exists, time.monotonic, time.sleep, os.write)',
      '',
    ].join('\n'),
  })
  const stats = join(dir, '.(φ)cache', 'stats')
  const result = await phicode(['waits.φ', stats], dir, { PHITON_PATH: debianPython() })
  expect([result.code, result.stdout]).toEqual([0, 'written\n'])
})

test('a program that closes the socket and opens a file as fd 3 gets its file as it wrote it, compiled code or not', async () => {
  const dir = tempProject({ 'daemon.φ': "⇒ os\nos.closerange(3, 64)\nf = open('out.txt', 'w')\nπ(f.fileno())\nf.write('kept\\n')\n" })
  // The first run has compiled code queued for the cache at exit, the second none.
  for (const run of ['first', 'second']) {
    const result = await phicode(['daemon.φ'], dir, { PHITON_PATH: debianPython() })
    expect([run, result.code, result.stdout, readFileSync(join(dir, 'out.txt'), 'latin1')]).toEqual([run, 0, '3\n', 'kept\n'])
  }
})

test('without the cache nothing is pushed or stored, and the run is the same; a signal ending Python ends phicode', async () => {
  const python = debianPython()
  const dir = tempProject(PROGRAM)
  const env = { PHITON_PATH: python, PHICODE_CACHE: '0' }
  for (let run = 0; run < 2; run++) {
    const result = await phicode(['main.φ', dir], dir, env)
    expect(result).toMatchObject({ code: 5, stdout: `42 ['${dir}'] True\n`, served: [`${dir}/main.φ (S)`, `${dir}/mathx.φ (S)`, `${dir}/util.φ (S)`] })
  }
  expect(existsSync(join(dir, '.(φ)cache'))).toBe(false)
  const noResolution = await phicode(['main.φ', dir], dir, { PHITON_PATH: python, PHICODE_CACHE_RESOLUTION: '0' })
  await settled(dir)
  const noResolution2 = await phicode(['main.φ', dir], dir, { PHITON_PATH: python, PHICODE_CACHE_RESOLUTION: '0' })
  expect([noResolution.served, noResolution2.served]).toEqual(['S', 'C'].map((tag) => [`${dir}/main.φ (${tag})`, `${dir}/mathx.φ (${tag})`, `${dir}/util.φ (${tag})`]))

  const killed = await phicode(['-c', '⇒ os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n'], dir, { PHITON_PATH: python })
  expect(killed).toMatchObject({ code: null, signal: 'SIGTERM', ended: [`${python} ended with SIGTERM`] })
})

test('a module bigger than the socket takes at once reaches the interpreter whole, served and then pushed', async () => {
  const python = debianPython()
  // 3 MB of code: a reply and then the pushed modules outgrow what a socketpair buffers, and are written in parts.
  const dir = tempProject({ 'main.φ': '⇒ big\nπ(len(big.DATA), big.DATA[-3:])\n', 'big.φ': `DATA = "${'x'.repeat(3_000_000)}end"\n` })
  const first = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(first).toMatchObject({ code: 0, stdout: '3000003 end\n', served: [`${dir}/main.φ (S)`, `${dir}/big.φ (S)`] })
  await settled(dir)
  const second = await phicode(['main.φ'], dir, { PHITON_PATH: python })
  expect(second).toMatchObject({ code: 0, stdout: '3000003 end\n', served: [] })
})
