import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { PhicodeError } from '../../../src/errors'
import { decide } from '../../../src/runtime/_decide'
import { setLogLevel } from '../../../src/util/log'
import type { StartRequest } from '../../../src/runtime/index'
import { required } from '../../helpers/prerequisites'
import { cpythonOnlyPackage } from '../../helpers/user-site'
import { tempProject } from '../../helpers/tmp'

const request = (cwd: string, spec: string | undefined, more: Partial<StartRequest> = {}): StartRequest => ({ spec, args: [], flags: {}, cwd, debug: false, ...more })

/** What `fn` writes to stderr (phicode's warnings and debug lines), with its result. */
async function stderrOf<T>(fn: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const write = process.stderr.write
  let stderr = ''
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)
    return true
  }) as typeof process.stderr.write
  try {
    return { result: await fn(), stderr }
  } finally {
    process.stderr.write = write
  }
}

const failure = async (req: StartRequest): Promise<PhicodeError> => {
  try {
    await decide(req)
  } catch (error) {
    if (error instanceof PhicodeError) return error
    throw error
  }
  throw new Error('expected a PhicodeError, nothing was thrown')
}

// performance.now() counts from process start: in a test process every decision would be slow.
const NEVER_SLOW = String(24 * 3600 * 1000)
const savedSlow = process.env['PHICODE_SLOW_START_MS']
beforeAll(() => {
  process.env['PHICODE_SLOW_START_MS'] = NEVER_SLOW
})
afterAll(() => {
  if (savedSlow === undefined) delete process.env['PHICODE_SLOW_START_MS']
  else process.env['PHICODE_SLOW_START_MS'] = savedSlow
})

/** `fn` with PYTHONUSERBASE set to `base` (see `cpythonOnlyPackage`). */
async function withUserBase(base: string, fn: () => Promise<void>): Promise<void> {
  const saved = process.env['PYTHONUSERBASE']
  process.env['PYTHONUSERBASE'] = base
  try {
    await fn()
  } finally {
    if (saved === undefined) delete process.env['PYTHONUSERBASE']
    else process.env['PYTHONUSERBASE'] = saved
  }
}

/** `fn` with debug lines printed, as under --debug. */
async function debugging<T>(fn: () => Promise<T>): Promise<T> {
  setLogLevel(true)
  try {
    return await fn()
  } finally {
    setLogLevel(false)
  }
}

describe('decide', () => {
  test('a Python file: its entry, CPython by default, its project config and cache, and nothing said', async () => {
    const root = tempProject({ 'package.json': '{}', 'main.py': 'print(1)\n' })
    const { result, stderr } = await stderrOf(() => decide(request(root, 'main.py')))
    expect(stderr).toBe('')
    expect(result.entry.path).toBe(join(root, 'main.py'))
    expect([result.selection.interpreter.kind, result.selection.reason]).toEqual(['cpython', 'default for python code'])
    expect(result.config.root).toBe(root)
    expect(result.cache).toBeDefined()
    expect(result.quiet).toBe(true)
  })

  test("an entry in another project is decided with that project's config, whose warnings are shown and make the run not quiet", async () => {
    const other = tempProject({ '.(φ)/config.json': '{"python":{"symbols":{"print":"def"}}}', 'tool.py': 'print(1)\n' })
    const cwd = tempProject({ 'package.json': '{}' })
    const { result, stderr } = await stderrOf(() => decide(request(cwd, join(other, 'tool.py'))))
    expect(result.config.root).toBe(other)
    expect(stderr).toBe(`phicode: warning: ${join(other, '.(φ)/config.json')}: symbols.print: 'def' is a reserved word of python; mapping skipped\n`)
    expect(result.quiet).toBe(false)
  })

  test('a security warning makes the run not quiet, and so does the same content not checked again', async () => {
    const root = tempProject({ 'package.json': '{}', 'main.py': 'import os\nos.system("true")\n' })
    const first = await stderrOf(() => decide(request(root, 'main.py')))
    expect(first.stderr).toContain('phicode: warning: ')
    expect(first.result.quiet).toBe(false)
    const second = await stderrOf(() => decide(request(root, 'main.py')))
    expect(second.stderr).toBe('')
    expect(second.result.quiet).toBe(false)
  })

  test('a blocked file stops the decision unless --bypass, which skips the check', async () => {
    const root = tempProject({ '.(φ)/config.json': '{"security": {"mode": "block"}}', 'main.py': 'import os\nos.system("true")\n' })
    const blocked = await stderrOf(() => failure(request(root, 'main.py')))
    expect(blocked.result.exitCode).toBe(79)
    const bypassed = await stderrOf(() => decide(request(root, 'main.py', { bypass: true })))
    expect(bypassed.result.entry.path).toBe(join(root, 'main.py'))
    expect(bypassed.result.quiet).toBe(true)
  })

  test('a name no file holds is a module the interpreter imports, when it can; not for a TypeScript flag', async () => {
    const root = tempProject({ 'package.json': '{}', 'pkg/x.txt': '' })
    const json = await decide(request(root, 'json'))
    expect(json.entry).toMatchObject({ module: 'json', installed: true, dialect: 'python' })
    expect(json.selection.interpreter.kind).toBe('cpython')
    expect((await failure(request(root, 'no_such_module_zq'))).message).toStartWith("module 'no_such_module_zq' not found")
    expect((await failure(request(root, 'json', { flags: { bun: true } }))).exitCode).toBe(66)
    expect((await failure(request(root, 'pkg'))).exitCode).toBe(67)
    expect((await failure(request(root, 'json', { flags: { interpreter: join(root, 'pkg/x.txt') } }))).exitCode).toBe(64)
  })

  test('the installed module must be importable by the interpreter the run would use: PyPy has no numpy here', async () => {
    const root = tempProject({ 'package.json': '{}' })
    await withUserBase(cpythonOnlyPackage('numpy'), async () => {
      expect(Bun.spawnSync([required('pypy3'), '-c', 'import numpy'], { env: process.env }).success).toBe(false)
      expect(Bun.spawnSync([required('python3'), '-c', 'import numpy'], { env: process.env }).success).toBe(true)
      expect((await decide(request(root, 'numpy'))).entry.installed).toBe(true)
      expect((await failure(request(root, 'numpy', { flags: { pypy: true } }))).exitCode).toBe(66)
    })
  })

  test('--python reads the program as it will run: φ converted, local φ modules followed, an installed module by its name', async () => {
    const root = tempProject({
      'package.json': '{}',
      'entry.φ': '# phicode: python\n⇒ numpy\n',
      'plain.py': 'import helper\n',
      'helper.φ': '⇒ numpy\n',
      'pure.φ': '# phicode: python\n⇒ json\nπ(1)\n',
      'broken.φ': '# phicode: python\nimport numpy\nπ("open\n',
      'tool.txt': '# phicode: python\n⇒ numpy\n',
    })
    const python = { flags: { python: true } }
    expect((await decide(request(root, 'entry.φ', python))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
    expect((await decide(request(root, 'plain.py', python))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
    expect((await decide(request(root, 'pure.φ', python))).selection.interpreter.kind).toBe('pypy')
    await withUserBase(cpythonOnlyPackage('numpy'), async () => {
      expect((await decide(request(root, 'numpy', python))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
    })
    // A φ file that does not convert is read as it is written: its imports still count.
    expect((await decide(request(root, 'broken.φ', python))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
    // An entry of an unknown extension runs as φ: it is converted too.
    expect((await decide(request(root, './tool.txt', python))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
  })

  test("--python converts a Python entry with the project's Python symbols", async () => {
    const root = tempProject({ '.(φ)/config.json': '{"python": {"symbols": {"import": "⇩"}}}', 'main.φ': '# phicode: python\n⇩ numpy\n' })
    expect((await decide(request(root, 'main.φ', { flags: { python: true } }))).selection.reason).toBe('--python: imports C-extension packages (numpy)')
  })

  test('the TypeScript analysis under --debug reads the φ entry converted', async () => {
    const root = tempProject({ 'package.json': '{}', 'main.φ': '// phicode: typescript\n⇒ addon ← "addon"\nπ(addon)\n', 'node_modules/addon/binding.gyp': '' })
    const { stderr } = await debugging(() => stderrOf(() => decide(request(root, 'main.φ', { debug: true }))))
    expect(stderr).toContain('analysis recommends node: imports packages with native Node addons (addon)')
  })

  test('--debug says the entry, the interpreter, the analysis and where start-up time went', async () => {
    const root = tempProject({ 'package.json': '{}', 'main.φ': '// phicode: typescript\nπ(1)\n', 'pkg/tool.py': '' })
    const { stderr } = await debugging(() => stderrOf(() => decide(request(root, 'main.φ', { debug: true }))))
    expect(stderr).toContain(`entry ${join(root, 'main.φ')} (typescript by pragma)`)
    expect(stderr).toMatch(/phicode: debug: security: \S/)
    expect(stderr).toContain('analysis recommends bun: no native Node addons imported: runs in-process on Bun')
    expect(stderr).toMatch(/start-up: runtime start \d+\.\d ms, config \d+\.\d ms, resolve \d+\.\d ms, security \d+\.\d ms, interpreter \d+\.\d ms/)
    const module = await debugging(() => stderrOf(() => decide(request(root, 'pkg.tool', { debug: true }))))
    expect(module.stderr).toContain(`entry ${join(root, 'pkg/tool.py')} (python by extension, module pkg.tool)`)
  })

  test('a start-up slower than PHICODE_SLOW_START_MS is reported, with the timeline under --debug', async () => {
    const root = tempProject({ 'package.json': '{}', 'main.py': 'print(1)\n' })
    process.env['PHICODE_SLOW_START_MS'] = '0'
    try {
      const plain = await stderrOf(() => decide(request(root, 'main.py')))
      expect(plain.stderr).toMatch(/^phicode: warning: slow start-up: \d+ ms before the module ran \(--debug shows where it went\)\n$/)
      expect(plain.result.quiet).toBe(true)
      const debug = await stderrOf(() => decide(request(root, 'main.py', { debug: true })))
      expect(debug.stderr).toMatch(/phicode: warning: slow start-up: \d+ ms before the module ran \(runtime start \d+\.\d ms, config/)
    } finally {
      process.env['PHICODE_SLOW_START_MS'] = NEVER_SLOW
    }
    // Past the default threshold (1 s of this process, which a fast run may not have reached yet), the variable alone keeps it quiet.
    Bun.sleepSync(Math.max(0, 1001 - performance.now()))
    expect(performance.now()).toBeGreaterThan(1000)
    expect((await stderrOf(() => decide(request(root, 'main.py')))).stderr).toBe('')
  })
})
