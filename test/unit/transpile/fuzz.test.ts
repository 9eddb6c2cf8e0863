/**
 * Property tests: generated token soups, arbitrary text and mutated real files never make the
 * transpiler throw anything but its own error; whenever code → φ succeeds the way back is exact
 * and no line moves; an unterminated literal is reported on its own line.
 */
import { describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { convert, PYTHON_SYMBOLS, TranspileError, TYPESCRIPT_SYMBOLS, type Dialect, type TranspileErrorCode } from '../../../src/transpile'
import { ROOT } from '../../helpers/root'
import { pythonExecutable } from '../../../bench/python'

const RUNS = Number(process.env.PHICODE_FUZZ_RUNS ?? 400)
const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length

/** Runs one conversion; only a TranspileError may escape it. */
function attempt(source: string, direction: 'forward' | 'reverse', dialect: Dialect, jsx = false): string | undefined {
  try {
    return convert(source, direction, { dialect, jsx }).code
  } catch (error) {
    if (error instanceof TranspileError) return undefined
    throw error
  }
}

function checkProperties(source: string, dialect: Dialect, jsx = false): void {
  const forward = attempt(source, 'forward', dialect, jsx)
  if (forward !== undefined) expect(lineCount(forward)).toBe(lineCount(source))
  const phi = attempt(source, 'reverse', dialect, jsx)
  if (phi === undefined) return
  expect(lineCount(phi)).toBe(lineCount(source))
  expect(convert(phi, 'forward', { dialect, jsx }).code).toBe(source)
}

const pick = (items: readonly string[]) => fc.constantFrom(...items)
const text = fc.string({ unit: fc.constantFrom('a', ' ', '¿', 'if', '\\', '"', "'", '{', '}', '#', '`', '$', '\n', 'λ', '/') , maxLength: 12 })

const pythonToken = fc.oneof(
  pick(PYTHON_SYMBOLS.map((p) => p.keyword)),
  pick(PYTHON_SYMBOLS.map((p) => p.symbol)),
  pick(['x', 'obj', 'match', 'case', '_', 'é', 'print', 'self', '1', '0x1f', '1e-5', '1if', '.5', '...']),
  pick([' ', ' ', '\n', '\r\n', '\t', '\\\n', '(', ')', '[', ']', '{', '}', ':', ':=', '.', ',', '=', '!=', '!', '#', '@', '-', '*']),
  text.map((t) => `# ${t.replace(/[\r\n]/g, '')}\n`),
  fc.tuple(pick(['', 'r', 'b', 'rb', 'u', 'f', 'rf', 'F', 't']), pick(["'", '"', "'''", '"""']), text).map(([p, q, t]) => {
    const body = q.length === 1 ? t.replace(/[\r\n\\]/g, '').split(q).join('') : t.split(q[0]!).join('').replace(/\\$/, '')
    return `${p}${q}${p.includes('f') || p.includes('F') || p.includes('t') ? body.replace(/[{}]/g, '') + '{x ¿ y ⋄ z}' : body}${q}`
  }),
)

const tsToken = fc.oneof(
  pick(TYPESCRIPT_SYMBOLS.map((p) => p.keyword)),
  pick(TYPESCRIPT_SYMBOLS.map((p) => p.symbol)),
  pick(['x', 'a', 'from', 'as', 'async', 'of', 'this', '#p', '$', '1', '1n', '0x1e', '.5', 'é']),
  pick([' ', '\n', '\t', '(', ')', '[', ']', '{', '}', ';', ',', '.', '?.', '=', '==', '!==', '=>', '/', '/=', '<', '>', '!', '&&=', '++', '*', '?', ':']),
  text.map((t) => `// ${t.replace(/[\r\n]/g, '')}\n`),
  text.map((t) => `/* ${t.split('*/').join('')} */`),
  fc.tuple(pick(["'", '"']), text).map(([q, t]) => `${q}${t.replace(/[\r\n\\]/g, '').split(q).join('')}${q}`),
  text.map((t) => '`' + t.replace(/[`\\$]/g, '') + '${ ¬x ∧ "}" }`'),
  text.map((t) => `/${t.replace(/[\r\n\\/[\]]/g, '') || 'r'}/g`),
)

describe('generated token soups', () => {
  test('python: only TranspileError escapes; code → φ → code is exact; lines stay', () => {
    fc.assert(fc.property(fc.array(pythonToken, { maxLength: 60 }), (tokens) => checkProperties(tokens.join(''), 'python')), {
      numRuns: RUNS,
    })
  })
  test('typescript: only TranspileError escapes; code → φ → code is exact; lines stay', () => {
    fc.assert(fc.property(fc.array(tsToken, { maxLength: 60 }), fc.boolean(), (tokens, jsx) => checkProperties(tokens.join(''), 'typescript', jsx)), {
      numRuns: RUNS,
    })
  })
})

describe('arbitrary text', () => {
  const anyText = fc.string({ unit: 'grapheme', maxLength: 200 })
  const symbolText = fc.string({ unit: fc.constantFrom(...'¿⟲ƒλ¬"\'`{}#\\/\n $()[]<>=!&|:;.fxrb'), maxLength: 200 })
  for (const dialect of ['python', 'typescript'] as const) {
    test(`${dialect}: any string converts or fails with a TranspileError`, () => {
      fc.assert(fc.property(fc.oneof(anyText, symbolText), fc.boolean(), (source, jsx) => checkProperties(source, dialect, jsx)), { numRuns: RUNS })
    })
  }
})

function stdlibFile(module: string): string {
  return Bun.spawnSync([pythonExecutable(), '-c', `import ${module}; print(${module}.__file__)`]).stdout.toString().trim()
}

describe('mutated real files', () => {
  const samples: Array<[Dialect, string]> = [
    ['python', readFileSync(stdlibFile('dataclasses'), 'utf8')],
    ['typescript', readFileSync(join(ROOT, 'src/transpile/python.ts'), 'utf8')],
  ]
  const mutation = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', '"', "'", '`', '{', '}', '\\', '\n', '¿', 'f"', '${', '/', '#', '"""', 'λ'))
  for (const [dialect, original] of samples) {
    test(`${dialect}: deletions, insertions and duplications never crash the scanner`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          let source = original
          for (const [at, length, insert] of mutations) {
            const start = at % (source.length + 1)
            const cut = source.slice(start, start + length)
            source = source.slice(0, start) + insert + (insert === '' ? cut + cut : '') + source.slice(start + length)
          }
          checkProperties(source, dialect, dialect === 'typescript')
        }),
        { numRuns: RUNS },
      )
    })
  }
})

describe('unterminated literals are reported on their line', () => {
  const body = fc.array(pick(['x = ¬a', 'ƒ f(): ⟲ 1', '# note', '', 's = "text"', 'y = f"{λ: 1}"']), { maxLength: 20 })
  const cases: Array<[Dialect, string, TranspileErrorCode]> = [
    ['python', 'bad = "open', 'UNTERMINATED_STRING'],
    ['python', "bad = f'{¬x}", 'UNTERMINATED_FSTRING'],
    ['python', 'bad = """open', 'UNTERMINATED_STRING'],
    ['typescript', 'bad = `open ${¬x}', 'UNTERMINATED_TEMPLATE'],
    ['typescript', "bad = 'open", 'UNTERMINATED_STRING'],
  ]
  for (const [dialect, bad, code] of cases) {
    test(`${dialect}: ${code} for ${bad}`, () => {
      fc.assert(
        fc.property(body, fc.nat(), (lines, at) => {
          const safe = dialect === 'python' ? lines : lines.map((l) => l.replace('#', '//').replace(/:/g, ''))
          const k = at % (safe.length + 1)
          const source = [...safe.slice(0, k), bad].join('\n') + '\n⟲ 1'
          const error = (() => {
            try {
              convert(source, 'forward', { dialect })
            } catch (e) {
              return e
            }
          })()
          expect(error).toBeInstanceOf(TranspileError)
          expect((error as TranspileError).code).toBe(code)
          expect((error as TranspileError).line).toBe(k + 1)
        }),
        { numRuns: RUNS / 4 },
      )
    })
  }
})
