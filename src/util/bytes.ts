const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/**
 * A byte count for people, in IEC units (powers of 1024, as every size phicode counts and
 * parses is): `512 B`, `4.21 KiB`, `61.3 MiB`, `107 GiB`. Three significant digits; a value
 * that would need four moves to the next unit (`0.977 MiB`, not `1000 KiB`).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (Number(value.toPrecision(3)) >= 1000 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toPrecision(3))} ${UNITS[unit]}`
}
