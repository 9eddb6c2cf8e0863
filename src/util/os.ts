/**
 * Paths node:os would give, without loading node:os at start-up: in the single-file bundle a
 * static import of a node: module loads on every run, whoever uses it. The environment answers
 * first; node:os is required only when it is silent.
 */
const os = () => require('node:os') as typeof import('node:os')

export const tempRoot = (): string => process.env.TMPDIR || os().tmpdir()

export const homeDir = (): string => process.env.HOME || os().homedir()
