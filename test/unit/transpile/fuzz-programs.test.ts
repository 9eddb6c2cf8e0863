/**
 * Generated programs, not token soups: every input is valid code of its dialect (checked by the
 * real Python compiler and Bun's own parser), built together with the φ text it must become
 * from the hand-written tables of test/helpers/symbols.ts. So every input reaches both
 * directions and is checked against an oracle that is not the transpiler: code → φ must give
 * exactly the expected φ, φ → code exactly the code, and no line moves.
 */
import { describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { convert, type Dialect } from '../../../src/transpile'
import { pythonExecutable } from '../../../bench/python'
import { PYTHON_TABLE, TYPESCRIPT_TABLE } from '../../helpers/symbols'

const RUNS = Number(process.env.PHICODE_FUZZ_RUNS ?? 300)

/** A program as written in plain code and in φ, side by side. */
interface Pair {
  code: string
  phi: string
}
type Gen = fc.GeneratorValue

const same = (text: string): Pair => ({ code: text, phi: text })
const join = (...parts: Pair[]): Pair => ({ code: parts.map((p) => p.code).join(''), phi: parts.map((p) => p.phi).join('') })

function keyword(table: Readonly<Record<string, string>>, word: string): Pair {
  const symbol = table[word]
  if (symbol === undefined) throw new Error(`no symbol for ${word} in the hand-written table`)
  return { code: word, phi: symbol }
}

const oneOf = <T,>(g: Gen, items: readonly T[]): T => items[g(fc.nat, { max: items.length - 1 })]!
const chance = (g: Gen, percent: number) => g(fc.nat, { max: 99 }) < percent

/** Words that stay as they are in strings and comments, keywords among them on purpose. */
const PROSE = ['if', 'print', 'def', 'return', 'λ', 'ƒ', 'else', 'hello', 'x', '¿', 'not', 'function', 'true', '===']

// ---------------------------------------------------------------- python

const py = (word: string) => keyword(PYTHON_TABLE, word)
const PY_NAMES = ['x', 'y', 'total', 'item', 'data', 'é', '_n', 'value2']
const PY_BUILTINS = ['print', 'len', 'range', 'enumerate', 'zip', 'sum', 'max', 'min', 'abs', 'type']

interface PyContext {
  depth: number
  inDef: boolean
  inLoop: boolean
  inAsync: boolean
}

function pyString(g: Gen): Pair {
  const prefix = oneOf(g, ['', 'r', 'b', 'u', 'R', 'rb'])
  const quote = oneOf(g, ["'", '"', "'''", '"""'])
  const words = Array.from({ length: g(fc.nat, { max: 4 }) }, () => oneOf(g, prefix.includes('b') ? PROSE.filter((w) => /^[\x20-\x7e]+$/.test(w)) : PROSE))
  return same(`${prefix}${quote}${words.join(' ')}${quote}`)
}

function pyFString(g: Gen, depth: number): Pair {
  const quote = oneOf(g, ["'", '"'])
  const inner = quote === "'" ? '"' : "'"
  const field = pyExpr(g, depth + 1, { noStrings: true })
  const tail = oneOf(g, ['', '!r', ':>8', '!s:^4', ':.2f'])
  // A space after `{`: a field that is itself a dict or set would otherwise read as `{{`.
  return join(same(`f${quote}${oneOf(g, PROSE)} { `), field, same(`${tail}} ${inner}{{}}${inner}${quote}`))
}

function pyExpr(g: Gen, depth: number, options: { noStrings?: boolean } = {}): Pair {
  const leaf = () => {
    const kind = g(fc.nat, { max: options.noStrings ? 3 : 5 })
    if (kind === 0) return same(oneOf(g, PY_NAMES))
    if (kind === 1) return same(oneOf(g, ['1', '0x1f', '1e-5', '.5', '10_000', '3j']))
    if (kind === 2) return py(oneOf(g, ['True', 'False', 'None']))
    if (kind === 3) return same(`${oneOf(g, PY_NAMES)}.${oneOf(g, ['append', 'items', 'real', 'print', 'type', 'match'])}`)
    if (kind === 4) return pyString(g)
    return pyFString(g, depth)
  }
  if (depth > 2) return leaf()
  const sub = () => pyExpr(g, depth + 1, options)
  switch (g(fc.nat, { max: 12 })) {
    case 0:
      return join(sub(), same(' '), py(oneOf(g, ['and', 'or'])), same(' '), sub())
    case 1:
      return join(same('('), py('not'), same(' '), sub(), same(')'))
    case 2:
      return join(same('('), sub(), same(' '), py('if'), same(' '), sub(), same(' '), py('else'), same(' '), sub(), same(')'))
    case 3:
      return join(sub(), same(' '), py('is'), same(' '), py('not'), same(' '), py('None'))
    case 4:
      return join(sub(), same(' '), py('not'), same(' '), py('in'), same(' '), sub())
    case 5:
      return join(py(oneOf(g, PY_BUILTINS)), same('('), sub(), same(')'))
    case 6:
      return join(same('('), py('lambda'), same(' a: '), sub(), same(')'))
    case 7:
      return join(same('['), sub(), same(' '), py('for'), same(' i '), py('in'), same(' '), py('range'), same('(3) '), py('if'), same(' '), sub(), same(']'))
    case 8:
      return join(same(`(${oneOf(g, PY_NAMES)} `), py(':='), same(' '), sub(), same(')'))
    case 9:
      return join(sub(), same(oneOf(g, [' + ', ' == ', ' != ', ' < ', ' ** ', ' // ', ' @ '])), sub())
    case 10:
      return join(same('{'), sub(), same(': '), sub(), same('}'))
    default:
      return leaf()
  }
}

function pyBlock(g: Gen, ctx: PyContext): Pair {
  const count = 1 + g(fc.nat, { max: ctx.depth > 1 ? 1 : 2 })
  return join(...Array.from({ length: count }, () => pyStatement(g, ctx)))
}

function pyStatement(g: Gen, ctx: PyContext): Pair {
  const pad = same('    '.repeat(ctx.depth))
  const line = (...parts: Pair[]) => join(pad, ...parts, same('\n'))
  const inner = (over: Partial<PyContext> = {}) => pyBlock(g, { ...ctx, depth: ctx.depth + 1, ...over })
  const expr = () => pyExpr(g, 0)
  const nested = ctx.depth < 3
  switch (nested ? g(fc.nat, { max: 17 }) : g(fc.nat, { max: 4 })) {
    case 0:
      return line(same(`${oneOf(g, PY_NAMES)} = `), expr())
    case 1:
      return line(py('print'), same('('), expr(), same(', '), expr(), same(')'))
    case 2:
      // A comment is no statement: a block of only comments would not compile.
      return join(pad, same(`# ${oneOf(g, PROSE)} ${oneOf(g, PROSE)}\n`), line(py('pass')))
    case 3:
      // An async generator may not return a value: async functions only return.
      if (ctx.inDef) return line(py(ctx.inAsync ? 'return' : oneOf(g, ['return', 'yield'])), same(' '), expr())
      return line(py('pass'))
    case 4:
      if (ctx.inLoop) return line(py(oneOf(g, ['break', 'continue'])))
      return line(py('assert'), same(' '), expr(), same(', '), pyString(g))
    case 5: {
      const parts = [line(py('if'), same(' '), expr(), same(':')), inner()]
      if (chance(g, 50)) parts.push(line(py('elif'), same(' '), expr(), same(':')), inner())
      if (chance(g, 50)) parts.push(line(py('else'), same(':')), inner())
      return join(...parts)
    }
    case 6:
      return join(line(py('for'), same(` ${oneOf(g, PY_NAMES)} `), py('in'), same(' '), expr(), same(':')), inner({ inLoop: true }))
    case 7:
      return join(line(py('while'), same(' '), expr(), same(':')), inner({ inLoop: true }))
    case 8: {
      const isAsync = chance(g, 30)
      const head = isAsync ? [py('async'), same(' ')] : []
      return join(line(...head, py('def'), same(` f${ctx.depth}(a, b=1, *rest, **kw):`)), inner({ inDef: true, inLoop: false, inAsync: isAsync }))
    }
    case 9:
      // Statements go in a method: a class body has rules of its own (no walrus in comprehensions).
      return join(
        line(py('class'), same(` C${ctx.depth}(object):`)),
        join(pad, same('    '), py('def'), same(' method(self):\n')),
        inner({ depth: ctx.depth + 2, inDef: true, inLoop: false, inAsync: false }),
      )
    case 10: {
      const parts = [line(py('try'), same(':')), inner(), line(py('except'), same(' ValueError '), py('as'), same(' err:')), inner()]
      if (chance(g, 50)) parts.push(line(py('finally'), same(':')), inner())
      return join(...parts)
    }
    case 11:
      return join(line(py('with'), same(' '), expr(), same(' '), py('as'), same(' handle:')), inner())
    case 12:
      return chance(g, 50)
        ? line(py('import'), same(' os.path '), py('as'), same(' osp'))
        : line(py('from'), same(' os '), py('import'), same(' path '), py('as'), same(' p, sep'))
    case 13:
      return line(py('raise'), same(' ValueError('), expr(), same(') '), py('from'), same(' '), py('None'))
    case 14:
      return join(
        line(py('match'), same(' '), expr(), same(':')),
        join(same('    '.repeat(ctx.depth + 1)), py('case'), same(' [1, _] | {"k": _}:\n')),
        inner({ depth: ctx.depth + 2 }),
        join(same('    '.repeat(ctx.depth + 1)), py('case'), same(' _:\n')),
        inner({ depth: ctx.depth + 2 }),
      )
    case 15:
      if (ctx.inAsync) return line(py('await'), same(' '), expr())
      return line(same('x = ('), expr(), same(' \\\n'), pad, same('    + 1)'))
    case 16:
      return join(
        line(py('def'), same(' outer():')),
        join(pad, same('    counter = 0\n')),
        join(pad, same('    '), py('def'), same(' inner():\n')),
        join(pad, same('        '), py('nonlocal'), same(' counter\n')),
        join(pad, same('        '), py('global'), same(' total\n')),
        join(pad, same('        '), py('del'), same(' counter\n')),
      )
    default:
      return line(py('print'), same('('), py(oneOf(g, ['len', 'sum', 'max', 'min', 'abs'])), same('([1, 2]), '), py('enumerate'), same('(x), '), py('zip'), same('(x, y))'))
  }
}

const pythonProgram = fc.gen().map((g) => pyBlock(g, { depth: 0, inDef: false, inLoop: false, inAsync: false }))

// ---------------------------------------------------------------- typescript

const ts = (word: string) => keyword(TYPESCRIPT_TABLE, word)
/** Declared names never repeat: a redeclaration would be Bun's error, not the transpiler's. */
let serial = 0
const fresh = (prefix: string) => `${prefix}${serial++}`
const TS_NAMES = ['a', 'b', 'count', 'item', '$el', '_x', 'é']

function tsExpr(g: Gen, depth: number): Pair {
  const leaf = () => {
    switch (g(fc.nat, { max: 6 })) {
      case 0:
        return same(oneOf(g, TS_NAMES))
      case 1:
        return same(oneOf(g, ['1', '0x1e', '1n', '.5', '1_000']))
      case 2:
        return ts(oneOf(g, ['true', 'false', 'null']))
      case 3:
        return same(`${oneOf(g, ['"', "'"]).replace(/.*/, (q) => `${q}${oneOf(g, PROSE)} ${oneOf(g, PROSE)}${q}`)}`)
      case 4:
        return same(`/${oneOf(g, ['if', 'a+b', '\\/x', '[/]'])}/g`)
      case 5:
        return same(`${oneOf(g, TS_NAMES)}.${oneOf(g, ['length', 'return', 'if', 'log'])}`)
      default:
        return ts('globalThis')
    }
  }
  if (depth > 2) return leaf()
  const sub = () => tsExpr(g, depth + 1)
  switch (g(fc.nat, { max: 11 })) {
    case 0:
      return join(sub(), same(' '), ts(oneOf(g, ['&&', '||', '==='])), same(' '), sub())
    case 1:
      return join(ts('!'), same('('), sub(), same(')'))
    case 2:
      return join(ts('typeof'), same(' '), sub())
    case 3:
      return join(same('`t '), same('${'), sub(), same('} `'))
    case 4:
      return join(ts(oneOf(g, ['Math.max', 'Math.min', 'Math.abs'])), same('('), sub(), same(')'))
    case 5:
      return join(same('('), sub(), same(' ? '), sub(), same(' : '), sub(), same(')'))
    case 6:
      return join(same('({ '), ts(oneOf(g, ['if', 'return', 'class'])), same(': '), sub(), same(' })'))
    case 7:
      return join(sub(), same(oneOf(g, [' !== ', ' != ', ' + ', ' / ', ' < '])), sub())
    case 8:
      return join(same('((x: number) => '), sub(), same(')'))
    case 9:
      return join(same(`"k" `), ts('in'), same(' '), sub())
    default:
      return leaf()
  }
}

interface TsContext {
  depth: number
  inFunction: boolean
  inLoop: boolean
  inAsync: boolean
  inGenerator: boolean
}

function tsBlock(g: Gen, ctx: TsContext): Pair {
  const count = 1 + g(fc.nat, { max: ctx.depth > 1 ? 1 : 2 })
  return join(...Array.from({ length: count }, () => tsStatement(g, ctx)))
}

function tsStatement(g: Gen, ctx: TsContext): Pair {
  const pad = same('  '.repeat(ctx.depth))
  const line = (...parts: Pair[]) => join(pad, ...parts, same('\n'))
  const inner = (over: Partial<TsContext> = {}) => tsBlock(g, { ...ctx, depth: ctx.depth + 1, ...over })
  const close = line(same('}'))
  const expr = () => tsExpr(g, 0)
  switch (ctx.depth < 3 ? g(fc.nat, { max: 14 }) : g(fc.nat, { max: 3 })) {
    case 0:
      return line(same(`${oneOf(g, ['const', 'let'])} ${fresh('v')} = `), expr())
    case 1:
      return line(ts('console.log'), same('('), expr(), same(')'))
    case 2:
      return join(pad, same(`// ${oneOf(g, PROSE)} ${oneOf(g, PROSE)}\n`))
    case 3:
      if (ctx.inFunction) return line(ts(ctx.inGenerator && chance(g, 50) ? 'yield' : 'return'), same(' '), expr())
      if (ctx.inLoop) return line(ts(oneOf(g, ['break', 'continue'])))
      return line(same('void '), expr())
    case 4: {
      const parts = [line(ts('if'), same(' ('), expr(), same(') {')), inner()]
      if (chance(g, 50)) parts.push(line(same('} '), ts('else if'), same(' ('), expr(), same(') {')), inner())
      if (chance(g, 50)) parts.push(line(same('} '), ts('else'), same(' {')), inner())
      return join(...parts, close)
    }
    case 5:
      return join(line(ts('for'), same(' (const k '), ts('in'), same(' '), expr(), same(') {')), inner({ inLoop: true }), close)
    case 6:
      return join(line(ts('while'), same(' ('), expr(), same(') {')), inner({ inLoop: true }), close)
    case 7: {
      const isAsync = chance(g, 30)
      const star = !isAsync && chance(g, 30)
      const head = isAsync ? [ts('async'), same(' ')] : []
      return join(
        line(...head, ts('function'), same(`${star ? '*' : ''} ${fresh('f')}(x: number) {`)),
        inner({ inFunction: true, inLoop: false, inAsync: isAsync, inGenerator: star }),
        close,
      )
    }
    case 8:
      return join(line(ts('class'), same(` ${fresh('K')} {`)), line(same('  m() { '), ts('return'), same(' 1 }')), close)
    case 9:
      return join(
        line(ts('try'), same(' {')),
        inner(),
        line(same('} '), ts('catch'), same(' (e) {')),
        inner(),
        line(same('} '), ts('finally'), same(' {')),
        line(same('  '), ts('throw'), same(' new Error("x")')),
        close,
      )
    case 10:
      if (ctx.depth > 0) return line(same('void '), expr())
      return line(ts('import'), same(' { a '), ts('as'), same(` ${fresh('z')} } `), ts('from'), same(' "./m"'))
    case 11:
      return join(
        line(ts('switch'), same(' ('), expr(), same(') {')),
        line(same('  '), ts('case'), same(' 1: '), ts('break')),
        line(same('  default:')),
        close,
      )
    case 12:
      if (ctx.inAsync) return line(ts('await'), same(' '), expr())
      return line(ts('delete'), same(' '), same(oneOf(g, TS_NAMES)), same('.p'))
    default:
      return line(same('if2 = '), expr())
  }
}

const typescriptProgram = fc.gen().map((g) => tsBlock(g, { depth: 0, inFunction: false, inLoop: false, inAsync: false, inGenerator: false }))

// ---------------------------------------------------------------- checks

const lines = (text: string) => text.split('\n').length

function checkPair(pair: Pair, dialect: Dialect): void {
  expect(convert(pair.code, 'reverse', { dialect }).code).toBe(pair.phi)
  expect(convert(pair.phi, 'forward', { dialect }).code).toBe(pair.code)
  expect(lines(pair.phi)).toBe(lines(pair.code))
}

/** The generator's own programs must be valid code, or the test would prove nothing. */
function pythonRejects(programs: string[]): string[] {
  const script = 'import json, sys\nbad = []\nfor i, src in enumerate(json.load(sys.stdin)):\n    try:\n        compile(src, f"<{i}>", "exec")\n    except SyntaxError as e:\n        bad.append(f"{e}\\n{src}")\nprint(json.dumps(bad))\n'
  const r = Bun.spawnSync([pythonExecutable(), '-c', script], { stdin: Buffer.from(JSON.stringify(programs)) })
  if (r.exitCode !== 0) throw new Error(r.stderr.toString())
  return JSON.parse(r.stdout.toString())
}

function typescriptRejects(programs: string[]): string[] {
  const parser = new Bun.Transpiler({ loader: 'ts' })
  return programs.flatMap((src) => {
    try {
      parser.transformSync(src)
      return []
    } catch (error) {
      return [`${error}\n${src}`]
    }
  })
}

describe('generated programs: every input converts, to the φ the hand-written table gives', () => {
  test('python: code → φ is the expected φ, φ → code is exact, lines stay', () => {
    const programs: string[] = []
    fc.assert(
      fc.property(pythonProgram, (pair) => {
        programs.push(pair.code)
        checkPair(pair, 'python')
      }),
      { numRuns: RUNS },
    )
    expect(pythonRejects(programs)).toEqual([])
  })

  test('typescript: code → φ is the expected φ, φ → code is exact, lines stay', () => {
    const programs: string[] = []
    fc.assert(
      fc.property(typescriptProgram, (pair) => {
        programs.push(pair.code)
        checkPair(pair, 'typescript')
      }),
      { numRuns: RUNS },
    )
    expect(typescriptRejects(programs)).toEqual([])
  })

  test('every glyph of both tables is produced by the generators', () => {
    const seen = { python: new Set<string>(), typescript: new Set<string>() }
    // A fixed seed: whether 300 random programs happen to hold a rare glyph is luck, not a property.
    const sample = { numRuns: 300, seed: 19 }
    fc.assert(fc.property(pythonProgram, (p) => void [...p.phi].forEach((c) => seen.python.add(c))), sample)
    fc.assert(fc.property(typescriptProgram, (p) => void [...p.phi].forEach((c) => seen.typescript.add(c))), sample)
    expect(Object.values(PYTHON_TABLE).filter((s) => !seen.python.has(s))).toEqual([])
    expect(Object.values(TYPESCRIPT_TABLE).filter((s) => !seen.typescript.has(s))).toEqual([])
  })
})
