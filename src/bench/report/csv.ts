import type { BenchReport } from '../types'

const COLUMNS = [
  'scenario', 'id', 'label', 'unit', 'better', 'n', 'median', 'mad', 'min', 'max',
  'baseline_label', 'baseline_median', 'baseline_mad', 'ratio',
  'previous_median', 'change_pct', 'noise_pct', 'verdict', 'params',
] as const

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One row per figure, for spreadsheets; the samples are in the JSON. */
export function toCsv(report: BenchReport): string {
  const changes = new Map(report.comparison?.figures.map((c) => [c.id, c]))
  const rows = report.scenarios.flatMap((s) =>
    s.figures.map((f) => {
      const c = changes.get(f.id)
      const b = f.baseline
      return [
        s.id, f.id, f.label, f.unit, f.better, f.n, f.median, f.mad, f.min, f.max,
        b?.label, b?.median, b?.mad, b?.ratio,
        c?.previous_median, c?.change_pct, c?.noise_pct, c?.verdict,
        Object.entries(f.params).map(([k, v]) => `${k}=${v}`).join(';'),
      ]
    }),
  )
  return [COLUMNS, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}
