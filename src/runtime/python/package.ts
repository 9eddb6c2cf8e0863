import { kindAt } from '../../util/files'
import { join, resolve } from '../../util/paths'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { writablePlaces } from '../../util/home'
import { COMPILED } from '../../util/self'
import init from '../../../python/phicode/__init__.py' with { type: 'text' }
import main from '../../../python/phicode/__main__.py' with { type: 'text' }
import auto from '../../../python/phicode/_auto.py' with { type: 'text' }
import errors from '../../../python/phicode/_errors.py' with { type: 'text' }
import importer from '../../../python/phicode/_importer.py' with { type: 'text' }
import ipython from '../../../python/phicode/_ipython.py' with { type: 'text' }
import patches from '../../../python/phicode/_patches.py' with { type: 'text' }
import pytestPlugin from '../../../python/phicode/pytest_plugin.py' with { type: 'text' }
import sitecustomize from '../../../python/sitecustomize.py' with { type: 'text' }

/** The import hook the bootstrap shares with the package, and the bootstrap's error half. */
export { errors as importerErrors, importer }

/** The folder's files, by path inside it. The last one written marks the folder complete. */
const FILES: Array<[string, string]> = [
  ['phicode/_importer.py', importer],
  ['phicode/_errors.py', errors],
  ['phicode/_auto.py', auto],
  ['phicode/_patches.py', patches],
  ['phicode/_ipython.py', ipython],
  ['phicode/pytest_plugin.py', pytestPlugin],
  ['phicode/__main__.py', main],
  ['sitecustomize.py', sitecustomize],
  ['phicode/__init__.py', init],
]

/** From source, the repository's own folder. */
const sourceFolder = (): string => resolve(import.meta.dir, '../../../python')

let written: string | undefined

/**
 * A folder holding the `phicode` Python package and the sitecustomize that activates it, for
 * interpreters a φ-Python run starts. In the binary the files are embedded: they are written
 * once per content under `$PHICODE_HOME/python/<hash>/` (else the temp folder). Undefined when
 * neither can be written: children then run without φ, as before.
 */
export function pythonPackageFolder(env: Record<string, string | undefined> = process.env): string | undefined {
  if (!COMPILED) return sourceFolder()
  if (written) return written
  const name = Bun.hash(FILES.map(([path, text]) => `${path}\0${text}`).join('\0')).toString(36)
  for (const place of writablePlaces(env)) {
    const folder = join(place, 'python', name)
    try {
      if (kindAt(join(folder, 'phicode', '__init__.py')) === '-') {
        for (const [path, text] of FILES) writeFileAtomicSync(join(folder, path), text)
      }
      return (written = folder)
    } catch {
      // Not writable: the next place, else none.
    }
  }
  return undefined
}
