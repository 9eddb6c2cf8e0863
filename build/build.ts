/**
 * Compiles phicode into one self-contained executable.
 *   bun build/build.ts          dist/phicode for this machine
 */
import { join, resolve } from 'node:path'
import { version } from '../package.json' with { type: 'json' }
import type { BuildInfo } from '../src/version'
import { adhocSign } from './codesign'
import { targetName, type Target } from './targets'
import { COMPILE_FLAGS } from '../src/compile-flags'

const ROOT = resolve(import.meta.dir, '..')
const ENTRY = join(ROOT, 'src/cli/index.ts')
const REGISTER = join(ROOT, 'plugins/register.ts')
/** Worker threads are separate entry points of the executable (src/convert/_pool.ts starts them). */
const WORKERS = [join(ROOT, 'src/convert/worker.ts')]
/** Embedded in the binary (src/runtime/bun/preload.ts): the preload of phicode's Bun children. */
const REGISTER_BUNDLE = join(ROOT, 'build/generated/phicode-register.js')

export { COMPILE_FLAGS }

function gitCommit(): string {
  const r = Bun.spawnSync(['git', 'rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, stderr: 'ignore' })
  return r.success ? r.stdout.toString().trim() : 'unknown'
}

/** `phicode/register` as one JavaScript file: a Bun child started by the binary preloads it. */
async function bundleRegister(): Promise<void> {
  const result = await Bun.build({ entrypoints: [REGISTER], target: 'bun', format: 'esm', minify: true, throw: false })
  if (!result.success) throw new AggregateError(result.logs, 'bundling plugins/register.ts failed')
  await Bun.write(REGISTER_BUNDLE, result.outputs[0]!)
}

/** `stamp` overrides fields of the stamped build info (tests build an older "version" with it). */
export async function compile(target: Target | undefined, outfile: string, stamp: Partial<BuildInfo> = {}): Promise<void> {
  const build: BuildInfo = {
    version,
    commit: gitCommit(),
    bun: Bun.version,
    target: target ? targetName(target) : `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    ...stamp,
  }
  await bundleRegister()
  const cmd = [
    process.execPath, 'build', ENTRY, ...WORKERS, ...COMPILE_FLAGS,
    `--define=PHICODE_BUILD=${JSON.stringify(build)}`,
    ...(target ? [`--target=${target.bun}`] : []),
    `--outfile=${outfile}`,
  ]
  const proc = Bun.spawn(cmd, { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`bun build failed for ${build.target}:\n${out}${err}`)
  if ((target?.os ?? process.platform) === 'darwin') await Bun.write(outfile, adhocSign(await Bun.file(outfile).bytes(), 'phicode'))
}

if (import.meta.main) {
  const outfile = join(ROOT, 'dist', 'phicode')
  await compile(undefined, outfile)
  console.log(`built ${outfile}`)
}
