import { resolve } from 'node:path'

/** The repository's root. Unit tests import it from here: importing ./binary builds the binary. */
export const ROOT = resolve(import.meta.dir, '../..')

/** The repository's own Bun (a devDependency): what tests compare phicode against. */
export const BUN = resolve(ROOT, 'node_modules/.bin/bun')
