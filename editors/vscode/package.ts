/**
 * Packages the VS Code extension as a .vsix: the grammars made from the symbol tables, the
 * client bundled into one file (vscode-languageclient inside, `vscode` left to the editor), and
 * the static files, staged in a scratch folder and packed with @vscode/vsce.
 *   bun editors/vscode/package.ts [outDir]      (npm run build:all writes it into dist/release)
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { version } from '../../package.json' with { type: 'json' }
import { GRAMMARS, phiGrammar } from './grammars'

const HERE = import.meta.dir
const ROOT = resolve(HERE, '../..')
const STATIC = ['package.json', 'README.md', 'language-configuration', 'snippets']

/** Writes `<outDir>/phicode-vscode-<version>.vsix` and returns its path. */
export async function packageVsix(outDir: string): Promise<string> {
  const stage = mkdtempSync(join(tmpdir(), 'phicode-vsix-'))
  try {
    for (const name of STATIC) cpSync(join(HERE, name), join(stage, name), { recursive: true })
    const manifest = await Bun.file(join(stage, 'package.json')).json()
    await Bun.write(join(stage, 'package.json'), JSON.stringify({ ...manifest, version }, null, 2))
    mkdirSync(join(stage, 'syntaxes'))
    for (const dialect of ['python', 'typescript'] as const) {
      await Bun.write(join(stage, 'syntaxes', `${GRAMMARS[dialect].language}.tmLanguage.json`), JSON.stringify(phiGrammar(dialect), null, 2))
    }
    const bundle = await Bun.build({
      entrypoints: [join(HERE, 'src/extension.ts')], target: 'node', format: 'cjs', external: ['vscode'], minify: true, throw: false,
    })
    if (!bundle.success) throw new AggregateError(bundle.logs, 'bundling the VS Code extension failed')
    await Bun.write(join(stage, 'out/extension.js'), bundle.outputs[0]!)
    mkdirSync(outDir, { recursive: true })
    const vsix = join(resolve(outDir), `phicode-vscode-${version}.vsix`)
    const vsce = Bun.spawnSync([join(ROOT, 'node_modules/.bin/vsce'), 'package', '--no-dependencies', '--skip-license', '--out', vsix], { cwd: stage, stdout: 'pipe', stderr: 'pipe' })
    if (!vsce.success) throw new Error(`vsce package failed:\n${vsce.stdout}${vsce.stderr}`)
    return vsix
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

if (import.meta.main) console.log(await packageVsix(process.argv[2] ?? join(ROOT, 'dist/release')))
