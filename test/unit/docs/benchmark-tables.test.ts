/**
 * Every ratio in the benchmark tables of README.md and docs/*.md follows from the figures beside
 * it, within the rounding of what is printed: a hand-edited table that lies fails here. The
 * oracle is the arithmetic on the printed numbers, nothing from src.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/root'

interface Table {
  file: string
  line: number
  header: string[]
  rows: string[][]
}

const cells = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim())

function _tables(file: string): Table[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  const tables: Table[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|[\s|:-]+\|$/.test(lines[i + 1]!.trim())) continue
    const table: Table = { file, line: i + 1, header: cells(lines[i]!), rows: [] }
    for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) table.rows.push(cells(lines[i]!))
    tables.push(table)
  }
  return tables
}

/** A printed number and half its last digit: "0.85×" → 0.85 ± 0.005, "1,380" → 1380 ± 0.5. */
interface Printed {
  value: number
  half: number
}

function _number(text: string): Printed | undefined {
  // Code spans and parentheses name a command or a note, not the figure: `bun hello.ts` 11.4 ms.
  const m = /-?\d[\d,]*(?:\.(\d+))?/.exec(text.replace(/`[^`]*`/g, '').replace(/\([^)]*\)/g, ''))
  if (!m) return undefined
  return { value: Number(m[0].replaceAll(',', '')), half: 0.5 * 10 ** -(m[1]?.length ?? 0) }
}

/** Whether the printed ratio can be the quotient of the two printed figures' true values. */
function _agrees(ratio: Printed, top: Printed, bottom: Printed): boolean {
  const low = (top.value - top.half) / (bottom.value + bottom.half)
  const high = (top.value + top.half) / (bottom.value - bottom.half)
  return ratio.value + ratio.half >= low - 1e-9 && ratio.value - ratio.half <= high + 1e-9
}

interface Check {
  where: string
  ratio: Printed
  top: Printed
  bottom: Printed
}

/** "ratio" columns: the phicode figure over the baseline (or naive) figure of the same row. */
function _ratioChecks(table: Table): Check[] {
  const r = table.header.indexOf('ratio')
  const p = table.header.findIndex((h) => h.startsWith('phicode'))
  const b = table.header.findIndex((h) => h.startsWith('baseline') || h.startsWith('naive'))
  if (r < 0) return []
  if (p < 0 || b < 0) throw new Error(`${table.file}:${table.line}: a ratio column without a phicode and a baseline column`)
  return table.rows.map((row) => _check(table, row, row[r]!, row[p]!, row[b]!))
}

/** "× cold" columns (docs/cache.md): a row's wall time over the wall time of the row named so. */
function _timesChecks(table: Table): Check[] {
  const x = table.header.findIndex((h) => h.startsWith('× '))
  if (x < 0) return []
  const wall = table.header.indexOf('wall ms')
  const of = table.rows.find((row) => row[0] === table.header[x]!.slice(2))
  if (wall < 0 || !of) throw new Error(`${table.file}:${table.line}: "${table.header[x]}" without a wall ms column or its row`)
  return table.rows.map((row) => _check(table, row, row[x]!, row[wall]!, of[wall]!))
}

/** Rows named "a / b" (docs/cache.md's summary): the column's row a over its row b. */
function _quotientRowChecks(table: Table): Check[] {
  const checks: Check[] = []
  for (const row of table.rows) {
    const m = /^([a-z]+) \/ ([a-z]+)$/.exec(row[0]!)
    if (!m) continue
    const top = table.rows.find((r) => r[0]!.replaceAll('*', '').startsWith(m[1]!))
    const bottom = table.rows.find((r) => r[0]!.startsWith(m[2]!))
    if (!top || !bottom) throw new Error(`${table.file}:${table.line}: row "${row[0]}" names rows the table lacks`)
    for (let c = 1; c < row.length; c++) if (_number(row[c]!)) checks.push(_check(table, row, row[c]!, top[c]!, bottom[c]!))
  }
  return checks
}

function _check(table: Table, row: string[], ratio: string, top: string, bottom: string): Check {
  const where = `${table.file}:${table.line} "${row[0]}"`
  const [r, t, b] = [_number(ratio), _number(top), _number(bottom)]
  if (!r || !t || !b) throw new Error(`${where}: no number in "${ratio}", "${top}" or "${bottom}"`)
  return { where, ratio: r, top: t, bottom: b }
}

const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const checks = FILES.flatMap(_tables).flatMap((t) => [..._ratioChecks(t), ..._timesChecks(t), ..._quotientRowChecks(t)])

describe('benchmark tables', () => {
  test('the tables with ratios are found (README throughput and start-up, the sample report, the cache tables, the workers benchmark)', () => {
    const files = new Set(checks.map((c) => c.where.split(':')[0]))
    expect([...files].sort()).toEqual(['README.md', 'docs/benchmark-sample.md', 'docs/cache.md', 'docs/deploy.md'])
    // 12 throughput rows and 5 start-up rows in the README.
    expect(checks.filter((c) => c.where.startsWith('README.md')).length).toBe(17)
  })

  test('every ratio is its figures’ quotient within rounding', () => {
    const wrong = checks
      .filter((c) => !_agrees(c.ratio, c.top, c.bottom))
      .map((c) => `${c.where}: ${c.ratio.value}× but ${c.top.value} / ${c.bottom.value} = ${(c.top.value / c.bottom.value).toFixed(3)}`)
    expect(wrong).toEqual([])
  })

  test('the rounding check itself: a ratio off by more than rounding is caught, one within it is not', () => {
    const p = (text: string) => _number(text)!
    expect(_agrees(p('1.21×'), p('165'), p('136'))).toBe(true)
    expect(_agrees(p('0.85×'), p('171'), p('206'))).toBe(false)
    expect(_agrees(p('2.39×'), p('27.3 ms'), p('`bun hello.ts` 11.4 ms'))).toBe(true)
  })
})
