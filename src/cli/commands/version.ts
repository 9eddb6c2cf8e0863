import { BUILD } from '../../version'

/**
 * console.log, not process.stdout: the first touch of process.stdout builds Node's stream
 * machinery, about 10 ms on a command that otherwise takes a few.
 */
export function printVersion(json: boolean): number {
  console.log(json ? JSON.stringify(BUILD, null, 2) : `phicode ${BUILD.version} (${BUILD.commit}, bun ${BUILD.bun}, ${BUILD.target})`)
  return 0
}
