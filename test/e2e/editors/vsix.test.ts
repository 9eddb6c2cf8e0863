/**
 * The .vsix that `npm run build:all` puts in dist/release, built the same way here and read
 * back with unzip (the archive format VS Code installs).
 */
import { expect, test } from 'bun:test'
import { packageVsix } from '../../../editors/vscode/package'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const unzip = (vsix: string, ...args: string[]) => Bun.spawnSync([required('unzip'), ...args, vsix], { stdout: 'pipe', stderr: 'pipe' })

test('the .vsix holds the grammars, the language ids and the .φ/.phi extensions', async () => {
  const vsix = await packageVsix(tempDir('phicode-vsix-test-'))
  expect(vsix).toMatch(/phicode-vscode-\d+\.\d+\.\d+\.vsix$/)
  const listed = unzip(vsix, '-Z1').stdout.toString().split('\n')
  for (const file of [
    'extension/package.json', 'extension/out/extension.js', 'extension/syntaxes/phi-python.tmLanguage.json',
    'extension/syntaxes/phi-typescript.tmLanguage.json', 'extension/snippets/phi-python.json', 'extension/language-configuration/python.json',
  ]) expect(listed).toContain(file)

  const read = (name: string) => Bun.spawnSync([required('unzip'), '-p', vsix, name]).stdout.toString()
  const manifest = JSON.parse(read('extension/package.json'))
  expect(manifest.contributes.languages.map((l: { id: string }) => l.id)).toEqual(['phi-python', 'phi-typescript'])
  expect(manifest.contributes.languages[0].extensions).toEqual(['.φ', '.phi'])
  expect(manifest.contributes.grammars.map((g: { scopeName: string; path: string }) => [g.scopeName, g.path])).toEqual([
    ['source.phi-python', './syntaxes/phi-python.tmLanguage.json'],
    ['source.phi-typescript', './syntaxes/phi-typescript.tmLanguage.json'],
  ])
  const grammar = JSON.parse(read('extension/syntaxes/phi-python.tmLanguage.json'))
  expect(grammar.scopeName).toBe('source.phi-python')
  expect(grammar.patterns).toEqual([{ include: 'source.python' }])
  // The VS Code manifest inside the archive names the same languages for the marketplace.
  const vsixManifest = read('extension.vsixmanifest')
  expect(vsixManifest).toContain('Microsoft.VisualStudio.Code.Manifest')
})
