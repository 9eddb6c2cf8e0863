/**
 * Round trips over real code: the Python installation python3 runs from (about 13,000 files
 * here), and well-known npm packages for the typescript dialect.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { buildTable, convert, decodeSource } from '../../../src/transpile'
import { ROOT } from '../../helpers/root'
import { describeReport, roundTripCorpus } from '../../helpers/corpus'
import { PYTHON_TABLE } from '../../helpers/symbols'
import { pythonExecutable } from '../../../bench/python'

const python = pythonExecutable()
const prefix = Bun.spawnSync([python, '-c', 'import sys; print(sys.prefix)']).stdout.toString().trim()

describe('python dialect over the Python installation', () => {
  test('python → φ → python is byte-exact for every .py file', async () => {
    const report = await roundTripCorpus(prefix, '**/*.py', 'python')
    console.log(`  ${prefix}: ${describeReport(report)}`)
    for (const message of report.symbolInSource) console.log(`    ${message}`)
    expect(report.failures).toEqual([])
    expect(report.files).toBeGreaterThan(1000)
    expect(report.exact + report.symbolInSource.length).toBe(report.files)
    for (const message of report.symbolInSource) expect(message).toMatch(/^\/.+\.py:\d+:\d+: '.' is already used in code here/)
  }, 180_000)

  test("every replacement is a token Python's tokenizer agrees on, and no keyword is missed (every 16th file)", async () => {
    // The keywords come from the table written by hand, so a keyword dropped from src's table is missed here.
    const pua = Object.keys(PYTHON_TABLE).map((keyword, i) => ({ keyword, symbol: String.fromCharCode(0xe000 + i) }))
    const table = buildTable('python', pua)
    const oracle = Bun.spawn([python, join(ROOT, 'test/fixtures/py_token_oracle.py')], { stdin: 'pipe', stdout: 'pipe' })
    let index = 0
    let checked = 0
    for await (const path of new Bun.Glob('**/*.py').scan({ cwd: prefix, absolute: true, followSymlinks: false })) {
      if (index++ % 16 !== 0) continue
      const { text } = decodeSource(await Bun.file(path).bytes())
      if (/[\ue000-\ue0ff]/.test(text)) continue
      let out: string
      try {
        out = convert(text, 'reverse', { table }).code
      } catch {
        continue
      }
      oracle.stdin.write(JSON.stringify({ file: path, edits: replacements(text, out, pua) }) + '\n')
      checked++
    }
    oracle.stdin.end()
    const disagreements = (await new Response(oracle.stdout).text()).trim()
    expect(await oracle.exited).toBe(0)
    expect(checked).toBeGreaterThan(100)
    expect(disagreements).toBe('')
  }, 180_000)
})

/** Where each private-use symbol stands in the original, as tokenize reports positions. */
function replacements(source: string, out: string, pua: Array<{ keyword: string }>): Array<[number, number, string]> {
  const found: Array<[number, number, string]> = []
  let i = 0
  let row = 1
  let col = 0
  const advance = (count: number): void => {
    for (let k = 0; k < count; k++) {
      const c = source.charCodeAt(i++)
      if (c === 10) {
        row++
        col = 0
      } else if (c < 0xdc00 || c > 0xdfff) col++
    }
  }
  for (let j = 0; j < out.length; j++) {
    const index = out.charCodeAt(j) - 0xe000
    const entry = index >= 0 && index < pua.length ? pua[index] : undefined
    if (entry) found.push([row, col, entry.keyword])
    advance(entry ? entry.keyword.length : 1)
  }
  return found
}

const NPM = join(ROOT, 'node_modules')
const JS_PACKAGES = ['prettier', 'lodash', 'terser', 'acorn']
const TS_PACKAGES = ['rxjs', 'zod', '@types/node']

describe('typescript dialect over npm packages', () => {
  test(`JavaScript of ${JS_PACKAGES.join(', ')}: code → φ → code is byte-exact`, async () => {
    let bytes = 0
    for (const name of JS_PACKAGES) {
      const report = await roundTripCorpus(join(NPM, name), '**/*.{js,mjs,cjs}', 'typescript', () => true)
      console.log(`  ${name}: ${describeReport(report)}`)
      expect(report.failures).toEqual([])
      expect(report.exact).toBe(report.files)
      bytes += report.bytes
    }
    expect(bytes).toBeGreaterThan(5e6)
  }, 120_000)

  test(`TypeScript of ${TS_PACKAGES.join(', ')}: code → φ → code is byte-exact`, async () => {
    let bytes = 0
    for (const name of TS_PACKAGES) {
      const report = await roundTripCorpus(join(NPM, name), '**/*.{ts,mts,cts,tsx}', 'typescript', (p) => p.endsWith('.tsx'))
      console.log(`  ${name}: ${describeReport(report)}`)
      expect(report.failures).toEqual([])
      expect(report.exact).toBe(report.files)
      bytes += report.bytes
    }
    expect(bytes).toBeGreaterThan(1e6)
  }, 120_000)
})
