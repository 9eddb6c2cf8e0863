/**
 * Preloaded by mutation/transpile.json: one fixed fast-check seed, so a mutant is killed or
 * survives the same way on every run (the fuzz suites otherwise draw a new seed each time).
 */
import fc from 'fast-check'

fc.configureGlobal({ seed: 19 })
