import * as transpile from '../../src/transpile'

/**
 * Whether src/transpile exports codeMask yet: the scanner needs it to tell code from strings.
 * Until then the tests that need the scanner are skipped and the servers run with --bypass.
 */
export const hasCodeMask = 'codeMask' in transpile
