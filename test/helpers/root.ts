import { resolve } from 'node:path'

/** The repository's root. Unit tests import it from here: importing ./binary builds the binary. */
export const ROOT = resolve(import.meta.dir, '../..')
