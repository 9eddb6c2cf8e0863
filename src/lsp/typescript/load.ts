import { dirname, join } from 'node:path'
import { lazyTypescript, typescriptCompiler } from '../../check'

export type Typescript = typeof import('typescript6')

const loaded = new Map<string, Typescript>()

/**
 * TypeScript's JavaScript API, for the language service: found as `--check` finds its compiler
 * (the project's own typescript, else the typescript@6.0.3 phicode downloads once into
 * PHICODE_HOME), except that a project's TypeScript 7 — the Go port, with no in-process
 * language service — is passed over for the downloaded 6.0.3. Nothing is bundled in the binary.
 */
export async function loadTypescript(root: string, env: Record<string, string | undefined>): Promise<Typescript> {
  let compiler = await typescriptCompiler(root, env)
  if (Number.parseInt(compiler.version, 10) >= 7) compiler = await lazyTypescript(env)
  const main = join(dirname(dirname(compiler.tsc)), 'lib', 'typescript.js')
  let ts = loaded.get(main)
  if (!ts) {
    ts = require(main) as Typescript
    loaded.set(main, ts)
  }
  return ts
}
