/**
 * Regenerates docs/benchmark-sample.md with the suite itself: a scratch project with a few
 * benchmarks of its own, `phicode --benchmark --full` run twice (so the report has a previous
 * run beside every figure), the second report.md copied into docs/.
 *   npm run build && bun bench/sample-report.ts
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PHICODE, ROOT } from './_cli'


/** The user benchmarks of the sample: φ-Python, φ-TypeScript importing a φ helper, plain TypeScript. */
export const SAMPLE_BENCHMARKS: Record<string, string> = {
  'fib.φ': '# phicode: python\nƒ fib(n):\n    ⟲ n ¿ n < 2 ⋄ fib(n - 1) + fib(n - 2)\n\nπ(fib(18))\n',
  'count.φ': "// phicode: typescript\n⇒ { twice } ← './_lib.φ'\nlet t = 0\n∀ (let i = 0; i < 1e5; i++) t += twice(i)\nπ(t)\n",
  '_lib.φ': '// phicode: typescript\nexport ƒ twice(x: number): number { ⟲ x * 2 }\n',
  'plain.ts': 'console.log([1, 2, 3].map((x) => x * 2))\n',
}

if (import.meta.main) {
  const project = mkdtempSync(join(tmpdir(), 'phicode-sample-'))
  try {
    writeFileSync(join(project, 'package.json'), '{"private": true}\n')
    const folder = join(project, '.(φ)', 'benchmarks')
    mkdirSync(folder, { recursive: true })
    for (const [name, code] of Object.entries(SAMPLE_BENCHMARKS)) writeFileSync(join(folder, name), code)
    let dir = ''
    for (const k of [1, 2]) {
      console.error(`run ${k} of 2…`)
      const r = Bun.spawnSync([PHICODE, '--benchmark', '--full', '--json'], { cwd: project, stdout: 'pipe', stderr: 'inherit' })
      if (!r.success) throw new Error(`phicode --benchmark failed (${r.exitCode})`)
      dir = (JSON.parse(r.stdout.toString()) as { results_dir: string }).results_dir
    }
    copyFileSync(join(dir, 'report.md'), join(ROOT, 'docs', 'benchmark-sample.md'))
    console.error('wrote docs/benchmark-sample.md')
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}
