import type { Figure, FigureChange } from '../types'

/** 3 significant digits, never scientific: 0.412, 41.2, 412, 4120. */
export function num(v: number): string {
  if (v === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(v))))
  return v.toFixed(Math.min(digits, 3))
}

export const withUnit = (v: number, unit: Figure['unit']): string => `${num(v)} ${unit}`

export const signed = (pct: number): string => `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`

export const VERDICT_TEXT: Record<FigureChange['verdict'], string> = {
  regression: '**regression**',
  improvement: 'improvement',
  shift: 'moved with its baseline',
  unchanged: 'within noise',
}
