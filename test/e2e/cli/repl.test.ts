/**
 * `phicode --repl` through a pseudo-terminal (Bun.spawn's `terminal`), as a person types: a
 * multi-line `ƒ` block, an error, then a working line, in both dialects. Each step waits for
 * the text it expects (no sleeps); expected values are written by hand.
 */
import { afterEach, expect, test } from 'bun:test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-repl-')
const home = join(dir, 'home')
writeFileSync(join(dir, 'geometry.φ'), '# phicode: python\nƒ sq(x):\n    ⟲ x * x\n')
writeFileSync(join(dir, 'shapes.φ'), '// phicode: typescript\nexport ƒ cube(x: number): number { ⟲ x * x * x }\n')

interface Repl {
  /** Types a line (Enter included) and waits until `expected` appears in what follows. */
  send(line: string, expected: string): Promise<string>
  exited: Promise<number>
  output(): string
  proc: Bun.Subprocess
}

const started: Bun.Subprocess[] = []
afterEach(() => {
  for (const proc of started.splice(0)) if (proc.exitCode === null) proc.kill('SIGKILL')
})

async function repl(args: string[], firstPrompt: string): Promise<Repl> {
  let text = ''
  let waiter: { from: number; expected: string; resolve: (s: string) => void } | undefined
  const check = () => {
    if (waiter && text.indexOf(waiter.expected, waiter.from) >= 0) {
      const { from, resolve } = waiter
      waiter = undefined
      resolve(text.slice(from))
    }
  }
  const proc = Bun.spawn([PHICODE, '--repl', ...args], {
    cwd: dir,
    env: { ...process.env, PHICODE_HOME: home, NO_COLOR: '1' },
    terminal: {
      cols: 120,
      data: (_term, data) => {
        text += new TextDecoder().decode(data).replace(/\r/g, '')
        check()
      },
    },
  })
  started.push(proc)
  const wait = (expected: string, from: number) =>
    new Promise<string>((resolve, reject) => {
      waiter = { from, expected, resolve }
      const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(expected)} after ${JSON.stringify(text.slice(from))}`)), 20_000)
      const done = resolve
      waiter.resolve = (s) => (clearTimeout(timer), done(s))
      check()
    })
  await wait(firstPrompt, 0)
  return {
    async send(line, expected) {
      const from = text.length
      proc.terminal!.write(`${line}\r`)
      return wait(expected, from)
    },
    exited: proc.exited,
    output: () => text,
    proc,
  }
}

test('typescript: a multi-line ƒ block, errors on φ columns, then working lines; state, await and φ imports kept', async () => {
  const r = await repl(['--dialect', 'typescript'], 'φ> ')
  await r.send('ƒ twice(x: number): number {', '.. ')
  await r.send('  ⟲ x * 2', '.. ')
  await r.send('}', 'φ> ')
  expect(await r.send('twice(21)', 'φ> ')).toContain('42\n')
  // `π(1) = = 2`: the second `=` is φ column 8 (column 18 of `console.log(1) = = 2`).
  expect(await r.send('π(1) = = 2', 'φ> ')).toContain('SyntaxError: Unexpected = (line 1, column 8)')
  expect(await r.send('nope()', 'φ> ')).toContain('Uncaught ReferenceError: nope is not defined')
  await r.send('const n = await Promise.resolve(4)', 'φ> ')
  expect(await r.send('twice(n)', 'φ> ')).toContain('8\n')
  await r.send('⇒ { cube } ← "./shapes"', 'φ> ')
  expect(await r.send('cube(3)', 'φ> ')).toContain('27\n')
  r.proc.terminal!.write('\x04')
  expect(await r.exited).toBe(0)
  expect(readFileSync(join(home, 'repl_history_typescript'), 'utf8')).toContain('twice(21)\n')
})

test('python: a multi-line ƒ block, a traceback on φ lines, then a working line, φ imports active', async () => {
  const r = await repl(['--dialect', 'python'], 'φ>>> ')
  await r.send('ƒ twice(x):', '... ')
  await r.send('    ⟲ x * 2', '... ')
  await r.send('', 'φ>>> ')
  expect(await r.send('twice(21)', 'φ>>> ')).toContain('42\n')
  // A compound statement needs an empty line to end it, as in python's own REPL.
  await r.send('¿ twice(1) == 2: 1/0', '... ')
  const error = await r.send('', 'φ>>> ')
  expect(error).toContain('File "<φ-input-3>", line 1, in <module>\n    ¿ twice(1) == 2: 1/0\nZeroDivisionError')
  expect(error).toContain('ZeroDivisionError: division by zero')
  expect(error).not.toContain('^')
  // `π(1) ≡≡ 2` is `print(1) is is 2`: python points at the second `is` (column 13), φ column 7.
  expect(await r.send('π(1) ≡≡ 2', 'φ>>> ')).toContain('    π(1) ≡≡ 2\n          ^\nSyntaxError: invalid syntax')
  expect(await r.send('π(twice(4))', 'φ>>> ')).toContain('8\n')
  await r.send('⇒ geometry', 'φ>>> ')
  expect(await r.send('geometry.sq(5)', 'φ>>> ')).toContain('25\n')
  // Ctrl-C at the prompt drops what was typed; during a run it interrupts the program only.
  await r.send('ƒ half_typed(\x03', 'KeyboardInterrupt')
  await r.send('¿ ✓:', '... ')
  await r.send('    π("spinning", flush=✓)', '... ')
  await r.send('    ↻ ✓: ⋯', '... ')
  await r.send('', 'spinning')
  const interrupted = await r.send('\x03', 'φ>>> ')
  // Wherever the loop was (printing or looping), the traceback shows that φ line.
  expect(interrupted).toMatch(/File "<φ-input-\d+>", line [23], in <module>\n {4}(?:π\("spinning", flush=✓\)|↻ ✓: ⋯)\nKeyboardInterrupt\n/)
  expect(await r.send('π(twice(5))', 'φ>>> ')).toContain('10\n')
  r.proc.terminal!.write('\x04')
  expect(await r.exited).toBe(0)
})

test('python on PyPy (3.9, frames without columns): a traceback on φ lines, then a working line', async () => {
  required('pypy3')
  const r = await repl(['--pypy'], 'φ>>> ')
  await r.send('ƒ fail():', '... ')
  await r.send('    ↑ ValueError("boom")', '... ')
  await r.send('', 'φ>>> ')
  const error = await r.send('fail()', 'φ>>> ')
  expect(error).toContain('File "<φ-input-2>", line 1, in <module>\n    fail()\n')
  expect(error).toContain('File "<φ-input-1>", line 2, in fail\n    ↑ ValueError("boom")\nValueError: boom\n')
  expect(error).not.toContain('During handling')
  expect(await r.send('π(sum([1, 2]), __import__("sys").implementation.name)', 'φ>>> ')).toContain('3 pypy\n')
  r.proc.terminal!.write('\x04')
  expect(await r.exited).toBe(0)
})
