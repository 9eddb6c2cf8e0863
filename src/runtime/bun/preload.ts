import { join, resolve } from '../../util/paths'
import { EXIT, PhicodeError } from '../../errors'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { writablePlaces } from '../../util/home'
import { COMPILED } from '../../util/self'

/**
 * A file Bun can `--preload` to register the φ plugin (`phicode/register`). From source, that is
 * plugins/register.ts. In the binary it is the register module bundled at build time: a child
 * Bun cannot read the binary's own files, so the bundle is written out once per content, named
 * by its hash (two phicode versions never share one; concurrent first runs write the same bytes
 * and rename into place). It sits under a `node_modules` folder because `bun test --coverage`
 * reports no file there: the preload is phicode's code, not the project's.
 */
export async function phiPreloadFile(env: Record<string, string | undefined> = process.env): Promise<string> {
  // From source, the register module itself: Bun runs TypeScript.
  if (!COMPILED) return resolve(import.meta.dir, '../../../plugins/register.ts')
  // Stryker disable next-line all: bun build embeds the file only for a literal specifier and attributes
  const { default: embedded } = await import('../../../build/generated/phicode-register.js', { with: { type: 'file' } })
  const code = await Bun.file(embedded).bytes()
  const name = `register-${Bun.hash(code).toString(36)}.js`
  const places = writablePlaces(env)
  let failure: unknown
  for (const place of places) {
    const path = join(place, 'bun', 'node_modules', '.phicode', name)
    try {
      // Written only by rename, so a file of the right size is whole; another was cut short by hand.
      if (Bun.file(path).size === code.length) return path
      writeFileAtomicSync(path, code)
      return path
    } catch (error) {
      failure = error
    }
  }
  throw new PhicodeError(`cannot write the φ preload under ${places.join(' or ')}: ${(failure as Error).message}`, EXIT.CANT_WRITE, { cause: failure })
}
