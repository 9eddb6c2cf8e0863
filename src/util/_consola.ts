// consola's core in a module of its own: `log.ts` requires it when a message is first printed, so
// its code sits in a chunk of its own instead of the one every start loads (issue 16).
export { createConsola } from 'consola/core'
