import { cpSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Target } from '../targets'
import { mainManifest } from './manifest'

const ROOT = resolve(import.meta.dir, '../..')
const ENTRIES = ['src/index.ts', 'plugins/phicode.ts', 'plugins/register.ts']

/** The library as JavaScript for Bun, one module per entry with shared chunks, paths as in the repo. */
async function _buildLib(outdir: string): Promise<void> {
  const result = await Bun.build({
    entrypoints: ENTRIES.map((entry) => join(ROOT, entry)),
    root: ROOT,
    outdir,
    target: 'bun',
    format: 'esm',
    splitting: true,
    naming: { chunk: '_chunks/[name]-[hash].[ext]' },
  })
  if (!result.success) throw new AggregateError(result.logs, 'building the npm library failed')
}

async function _emitTypes(outDir: string): Promise<void> {
  const tsc = Bun.spawn([join(ROOT, 'node_modules/.bin/tsc'), '-p', join(ROOT, 'build/npm/tsconfig.json'), '--outDir', outDir], {
    cwd: ROOT, stdout: 'pipe', stderr: 'pipe',
  })
  const [out, err, code] = await Promise.all([new Response(tsc.stdout).text(), new Response(tsc.stderr).text(), tsc.exited])
  if (code !== 0) throw new Error(`tsc could not emit the declarations:\n${out}${err}`)
}

/** Writes the `phicode` package (npm/: launcher and README; the library; its types) into `dir`, ready for `npm pack`. */
export async function writeMainPackage(dir: string, targets: readonly Target[]): Promise<void> {
  mkdirSync(dir, { recursive: true })
  await Promise.all([_buildLib(join(dir, 'lib')), _emitTypes(join(dir, 'types'))])
  cpSync(join(ROOT, 'npm'), dir, { recursive: true })
  await Bun.write(join(dir, 'package.json'), `${JSON.stringify(mainManifest(targets), null, 2)}\n`)
}
