/**
 * `phicode --check` through the binary on real projects, checked by the real TypeScript (the
 * repository's own, linked in as a project's would be) and the real pyright. Every expected
 * line and column is counted by hand in the φ text written here (UTF-16 columns, 1-based).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const home = tempDir('phicode-check-home-')

function project(files: Record<string, string>, modules: string[]): string {
  const dir = tempDir('phicode-check-')
  mkdirSync(join(dir, 'node_modules'))
  for (const name of modules) {
    const [scope] = name.split('/')
    if (name.includes('/')) mkdirSync(join(dir, 'node_modules', scope!), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name))
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const TS_MODULES = ['typescript', ...readdirSync(join(ROOT, 'node_modules', '@typescript')).map((n) => `@typescript/${n}`)]
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: 'preserve', moduleResolution: 'bundler', target: 'esnext', lib: ['esnext', 'dom'], noEmit: true },
  include: ['src'],
})

const check = (cwd: string, args: string[] = [], env: Record<string, string> = {}) =>
  runPhicode(['--check', ...args], { cwd, env: { PHICODE_HOME: home, ...env }, timeout: 120_000 })

describe('φ-TypeScript', () => {
  const ts = project(
    {
      'package.json': '{"name":"shapes","type":"module"}',
      'tsconfig.json': TSCONFIG,
      // An imported φ module with a type error on line 3: `⟲` is column 36 (`export ƒ half(x: number): string { ` is 35 units).
      'src/geometry.φ': "⇒ { helper } ← './plain'\nexport ƒ sq(x: number): number { ⟲ helper(x) * x }\nexport ƒ half(x: number): string { ⟲ x / 2 }\n",
      'src/plain.ts': 'export function helper(x: number): number { return x }\n',
      // A plain file importing the φ module by its name, with its own error at column 14.
      'src/main.ts': "import { sq } from './geometry.φ'\nexport const area: string = sq(3)\n",
      // A φ module importing it extensionless; `sq('a')`: the argument is column 21 of line 2.
      'src/use.φ': "⇒ { sq } ← './geometry'\nexport const n = sq('a')\n",
    },
    TS_MODULES,
  )

  test('the error in an imported φ module is reported at its φ line and column, with plain files\' errors', async () => {
    const r = await check(ts)
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      "src/geometry.φ:3:36: error TS2322: Type 'number' is not assignable to type 'string'.",
      "src/main.ts:2:14: error TS2322: Type 'number' is not assignable to type 'string'.",
      "src/use.φ:2:21: error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    ])
    expect(r.stderr).toContain('3 errors in 3 files (2 φ modules; typescript ')
  })

  test('--json names the checker, and paths narrow the report', async () => {
    const r = await check(ts, ['src/geometry.φ', '--json'])
    const out = JSON.parse(r.stdout)
    expect(r.code).toBe(1)
    expect(out.checkers).toEqual([{ dialect: 'typescript', checker: 'typescript', version: expect.any(String), from: 'project', modules: 2 }])
    expect(out.diagnostics).toEqual([
      { file: join(ts, 'src/geometry.φ'), line: 3, column: 36, severity: 'error', code: 'TS2322', message: "Type 'number' is not assignable to type 'string'.", checker: 'typescript' },
    ])
  })

  test('a clean project exits 0 and leaves no files behind', async () => {
    const clean = project(
      {
        'package.json': '{"name":"clean","type":"module"}',
        'tsconfig.json': TSCONFIG,
        'src/geometry.φ': 'export ƒ sq(x: number): number { ⟲ x * x }\n',
        'src/main.φ': "⇒ { sq } ← './geometry'\nπ(sq(2))\n",
      },
      TS_MODULES,
    )
    const r = await check(clean)
    expect([r.code, r.stdout]).toEqual([0, ''])
    expect(r.stderr).toContain('no errors (2 φ modules; typescript ')
    expect(readdirSync(clean).sort()).toEqual(['node_modules', 'package.json', 'src', 'tsconfig.json'])
  })

  test('φ that does not convert is a syntax diagnostic at its place', async () => {
    const broken = project({ 'package.json': '{"name":"b"}', 'tsconfig.json': TSCONFIG, 'src/bad.φ': 'const ok = 1\nconst s = "open\n' }, TS_MODULES)
    const r = await check(broken, ['--json'])
    const out = JSON.parse(r.stdout)
    expect(r.code).toBe(1)
    expect(out.diagnostics.map((d: { file: string; line: number; column: number; code: string }) => [d.file, d.line, d.column, d.code])).toEqual([
      [join(broken, 'src/bad.φ'), 2, 11, 'syntax'],
    ])
  })
})

test('φ modules are TSX, as at run time: JSX in a φ module is checked against the project\'s JSX types', async () => {
  const jsx = project(
    {
      'package.json': '{"name":"view"}',
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'preserve', moduleResolution: 'bundler', target: 'esnext', jsx: 'react-jsx', jsxImportSource: 'preact', noEmit: true } }),
      // `export const bad = ` is 19 units: `<` is column 20, the attribute `name` column 27.
      'src/view.φ': 'export ƒ Hello(p: { name: string }) { ⟲ <b>{p.name}</b> }\nexport const bad = <Hello name={3} />\n',
    },
    [...TS_MODULES, 'preact'],
  )
  const r = await check(jsx)
  expect([r.code, r.stdout]).toEqual([1, "src/view.φ:2:27: error TS2322: Type 'number' is not assignable to type 'string'.\n"])
})

describe('without the project\'s own TypeScript', () => {
  let registry: ReturnType<typeof Bun.serve>
  const requests: string[] = []
  beforeAll(() => {
    registry = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => (requests.push(new URL(req.url).pathname), new Response('no', { status: 404 })) })
  })
  afterAll(() => registry.stop(true))

  test('a registry that does not have the pinned TypeScript is a clear error (exit 69), not a crash', async () => {
    const bare = project({ 'package.json': '{"name":"bare"}', 'src/a.φ': 'export const n: number = 1\n' }, [])
    const r = await check(bare, [], { PHICODE_NPM_REGISTRY: `http://127.0.0.1:${registry.port}` })
    expect(r.code).toBe(69)
    expect(r.stderr).toContain('this project has no typescript package and phicode cannot fetch typescript@6.0.3')
    expect(r.stderr).toContain('HTTP 404')
    expect(requests).toEqual(['/typescript/-/typescript-6.0.3.tgz'])
  })
})

describe('phicode\'s own TypeScript, fetched once', () => {
  // The real package, as npm itself fetches it; served from 127.0.0.1 as a registry would.
  const packed = tempDir('phicode-check-pack-')
  let tarball: Uint8Array
  let registry: ReturnType<typeof Bun.serve>
  let tampered = false
  beforeAll(async () => {
    const npm = required('npm')
    const pack = Bun.spawnSync([npm, 'pack', 'typescript@6.0.3', '--pack-destination', packed], { stdout: 'pipe', stderr: 'pipe' })
    if (!pack.success) throw new Error(`npm pack typescript@6.0.3 failed: ${pack.stderr.toString()}`)
    tarball = new Uint8Array(await Bun.file(join(packed, 'typescript-6.0.3.tgz')).arrayBuffer())
    registry = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req) => {
        if (new URL(req.url).pathname !== '/typescript/-/typescript-6.0.3.tgz') return new Response('no', { status: 404 })
        const body = tampered ? tarball.map((b, i) => (i === 100 ? b ^ 1 : b)) : tarball
        return new Response(body)
      },
    })
  })
  afterAll(() => registry.stop(true))

  const bare = () =>
    project({ 'package.json': '{"name":"bare"}', 'tsconfig.json': TSCONFIG, 'src/a.φ': 'export ƒ f(): string { ⟲ 1 }\n' }, [])

  test('a tarball that is not the pinned one is refused', async () => {
    tampered = true
    const ownHome = tempDir('phicode-check-fetch-')
    const r = await check(bare(), [], { PHICODE_HOME: ownHome, PHICODE_NPM_REGISTRY: `http://127.0.0.1:${registry.port}` })
    tampered = false
    expect(r.code).toBe(69)
    expect(r.stderr).toContain('its checksum is sha512-')
    expect(readdirSync(ownHome)).toEqual([])
  })

  test('is downloaded into PHICODE_HOME, checksum checked, and checks the project; the next check needs no registry', async () => {
    const ownHome = tempDir('phicode-check-fetch-')
    const dir = bare()
    // `export ƒ f(): string { ` is 23 units: `⟲` is column 24.
    const expected = "src/a.φ:1:24: error TS2322: Type 'number' is not assignable to type 'string'.\n"
    const first = await check(dir, [], { PHICODE_HOME: ownHome, PHICODE_NPM_REGISTRY: `http://127.0.0.1:${registry.port}` })
    expect([first.code, first.stdout]).toEqual([1, expected])
    expect(first.stderr).toContain("(1 φ module; typescript 6.0.3 (phicode's copy))")
    const again = await check(dir, [], { PHICODE_HOME: ownHome, PHICODE_NPM_REGISTRY: 'http://127.0.0.1:1' })
    expect([again.code, again.stdout]).toEqual([1, expected])
  }, 240_000)
})

describe('φ-Python with pyright', () => {
  const py = project(
    {
      'pyproject.toml': '[project]\nname = "shapes"\n',
      // Line 5 `    ⟲ n`: `n` is column 7.
      'geometry.φ': 'ƒ sq(x: int) -> int:\n    ⟲ x * x\n\nƒ label(n: int) -> str:\n    ⟲ n\n',
      // Line 2 `π(geometry.sq('a'))`: the argument is column 15.
      'main.φ': "⇒ geometry\nπ(geometry.sq('a'))\n",
    },
    ['pyright'],
  )

  test('errors in φ modules are reported at φ lines and columns with pyright\'s rule', async () => {
    const r = await check(py)
    expect(r.code).toBe(1)
    const heads = r.stdout.split('\n').filter((l) => !l.startsWith('  ') && l !== '')
    expect(heads).toEqual([
      'geometry.φ:5:7: error reportReturnType: Type "int" is not assignable to return type "str"',
      'main.φ:2:15: error reportArgumentType: Argument of type "Literal[\'a\']" cannot be assigned to parameter "x" of type "int" in function "sq"',
    ])
  })

  test('a clean φ-Python project exits 0', async () => {
    const clean = project({ 'pyproject.toml': '', 'geometry.φ': 'ƒ sq(x: int) -> int:\n    ⟲ x * x\n', 'main.φ': '⇒ geometry\nπ(geometry.sq(2))\n' }, ['pyright'])
    const r = await check(clean)
    expect([r.code, r.stdout]).toEqual([0, ''])
    expect(r.stderr).toContain('no errors (2 φ modules; pyright)')
  })

  test('with no pyright anywhere: exit 69 and what to install', async () => {
    const none = project({ 'pyproject.toml': '', 'main.φ': 'π(1)\n' }, [])
    const r = await check(none, [], { PATH: '/usr/bin:/bin' })
    expect(r.code).toBe(69)
    expect(r.stderr).toContain('φ-Python is type-checked with pyright, and none is here: npm install -D pyright')
  })
})
