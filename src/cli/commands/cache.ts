import { cacheReport, clearCache } from '../../cache/report'
import { LAYERS } from '../../cache/types'
import { findProjectRoot } from '../../config'
import { forgetPlans } from '../../runtime/plan-forget'
import { formatBytes } from '../../util/bytes'
import { logger, printJson } from '../output'


export function cacheStatsCommand(json: boolean): number {
  const report = cacheReport(findProjectRoot(process.cwd()))
  if (json) {
    printJson(report)
    return 0
  }
  const out: string[] = [`cache  ${report.dir ?? '(none: PHICODE_CACHE is off)'}  (${report.location})`]
  out.push(`${'layer'.padEnd(12)}${'hits'.padStart(8)}${'misses'.padStart(8)}${'entries'.padStart(9)}${'bytes'.padStart(11)}`)
  for (const layer of LAYERS) {
    const l = report.layers[layer]
    const disk = layer === 'memory' ? ['-', '-'] : [String(l.entries), formatBytes(l.bytes)]
    out.push(`${layer.padEnd(12)}${String(l.hits).padStart(8)}${String(l.misses).padStart(8)}${disk[0]!.padStart(9)}${disk[1]!.padStart(11)}`)
  }
  for (const [kind, k] of Object.entries(report.kinds)) out.push(`  ${kind.padEnd(22)}${String(k.entries).padStart(9)}${formatBytes(k.bytes).padStart(11)}`)
  out.push(`packs ${report.packs}, invalid ${report.invalid}, stale ${report.stale}, temporary files ${report.temporary}`)
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

export function cacheClearCommand(json: boolean): number {
  const root = findProjectRoot(process.cwd())
  const cleared = clearCache(root)
  const plans = forgetPlans(root)
  if (json) printJson({ cleared, plans })
  else if (cleared.length === 0 && plans === 0) logger.info('no cache to clear')
  else {
    for (const c of cleared) logger.success(`removed ${c.files} file(s), ${formatBytes(c.bytes)}, from ${c.dir}`)
    if (plans > 0) logger.success(`forgot ${plans} run plan(s) of ${root}, with the converted code kept beside them`)
  }
  return 0
}
