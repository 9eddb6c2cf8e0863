/**
 * `phicode -c CODE args…` and `phicode - args…` through the binary, with `python -c` /
 * `python -` as the model: the program's argv, sys.path[0], φ imports from the working
 * directory, the dialect by flag, pragma and content, exit codes. Expected values are written
 * by hand; the python semantics are the ones python3 itself shows (checked below against it).
 */
import { expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand, runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-code-')
writeFileSync(join(dir, 'sq.φ'), '# phicode: python\nƒ sq(x):\n    ⟲ x * x\n')
writeFileSync(join(dir, 'twice.φ'), '// phicode: typescript\nexport ƒ twice(x: number): number { ⟲ x * 2 }\n')
const ENV = { PHICODE_HOME: join(dir, 'home'), PHICODE_CACHE: '0' }
const run = (args: string[], stdin?: string) => runPhicode(args, { cwd: dir, env: ENV, stdin })

const PY_PROBE = "⇒ sys\nπ(sys.argv, repr(sys.path[0]), __name__, repr(globals().get('__file__')))"

test('python -c and python - give these argv and sys.path[0]: phicode gives the same', async () => {
  const python = required('python3')
  const plain = PY_PROBE.replace('⇒', 'import').replace('π', 'print')
  const c = await runCommand([python, '-c', plain, 'a', '--b'], { cwd: dir })
  const stdin = await runCommand([python, '-', 'x'], { cwd: dir, stdin: plain })
  expect([c.stdout, stdin.stdout]).toEqual(["['-c', 'a', '--b'] '' __main__ None\n", "['-', 'x'] '' __main__ '<stdin>'\n"])
  expect((await run(['-c', PY_PROBE, 'a', '--b'])).stdout).toBe(c.stdout)
  expect((await run(['-', 'x'], PY_PROBE)).stdout).toBe(stdin.stdout)
})

test('every word after -c CODE is the program\'s, phicode\'s own options included', async () => {
  const r = await run(['-c', '⇒ sys; π(sys.argv[1:])', '--json', '-c', '--python', '--', 'x'])
  expect([r.code, r.stdout]).toEqual([0, "['--json', '-c', '--python', '--', 'x']\n"])
})

test('-c imports φ modules from the working directory, and its exit status is the program\'s', async () => {
  const r = await run(['-c', '⇒ sq\nπ(sq.sq(7))\nraise SystemExit(3)'])
  expect([r.code, r.stdout]).toEqual([3, '49\n'])
})

test('a python error names <string>, as python -c does, and exits 1', async () => {
  const r = await run(['-c', 'π(1)\nπ(undefined_name)'])
  expect(r.code).toBe(1)
  expect(r.stdout).toBe('1\n')
  expect(r.stderr).toContain('File "<string>", line 2')
  expect(r.stderr).toContain("NameError: name 'undefined_name' is not defined")
})

test('typescript -c: argv, top-level await and an extensionless φ import, in-process on Bun', async () => {
  const code = '⇒ { twice } from "./twice"\nπ(JSON.stringify(process.argv.slice(1)))\nconst x = await Promise.resolve(21)\nπ(twice(x))'
  const r = await run(['--dialect', 'typescript', '-c', code, 'q', '--w'])
  expect([r.code, r.stdout, r.stderr]).toEqual([0, '["-c","q","--w"]\n42\n', ''])
})

test('typescript from stdin, decided by --bun, by the pragma, and by the content rule', async () => {
  const body = 'ƒ f(a: number): number { ⟲ a + 1 }\nπ(f(1), JSON.stringify(process.argv.slice(1)))\n'
  expect((await run(['--bun', '-', 'z'], body)).stdout).toBe('2 ["-","z"]\n')
  expect((await run(['-', 'z'], `// phicode: typescript\n${body}`)).stdout).toBe('2 ["-","z"]\n')
  expect((await run(['-'], 'const n: number = 5\nπ(n * 2)\n')).stdout).toBe('10\n')
})

test('a thrown error in typescript -c is reported on its φ line and column and exits 1', async () => {
  // `↑ new Error("boom")`: Bun points at `Error`, φ column 7 (column 11 of `throw new Error`).
  const r = await run(['--dialect', 'typescript', '-c', 'π("before")\n↑ new Error("boom")'])
  expect([r.code, r.stdout]).toEqual([1, 'before\n'])
  expect(r.stderr).toContain('2 | ↑ new Error("boom")\n          ^\nerror: boom\n')
  expect(r.stderr).toContain(`at ${join(dir, '[eval].tsx')}:2:7`)
})

test('--dialect with a file is refused: the file\'s pragma or an interpreter flag pins it', async () => {
  const r = await run(['--dialect', 'python', 'sq.φ'])
  expect(r.code).toBe(64)
  expect(r.stderr).toContain('--dialect goes with -c or -')
})

test('the program is vetted like a file: a "block" project refuses a threat, --bypass runs it', async () => {
  const strict = tempDir('phicode-code-block-')
  mkdirSync(join(strict, '.(φ)'))
  writeFileSync(join(strict, '.(φ)', 'config.json'), JSON.stringify({ security: { mode: 'block' } }))
  const program = '⇒ subprocess\nπ("ran")'
  const refused = await runPhicode(['-c', program], { cwd: strict, env: ENV })
  expect([refused.code, refused.stdout]).toEqual([79, ''])
  expect(refused.stderr).toContain('<string>: not run, the security scanner found 1 threat')
  const piped = await runPhicode(['-'], { cwd: strict, env: ENV, stdin: program })
  expect([piped.code, piped.stderr.includes('<stdin>: not run')]).toEqual([79, true])
  const bypassed = await runPhicode(['--bypass', '-c', program], { cwd: strict, env: ENV })
  expect([bypassed.code, bypassed.stdout]).toEqual([0, 'ran\n'])
})
