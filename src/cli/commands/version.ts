import { BUILD } from '../../version'
import { printJson } from '../output'

export function printVersion(json: boolean): number {
  if (json) printJson(BUILD)
  else process.stdout.write(`phicode ${BUILD.version} (${BUILD.commit}, bun ${BUILD.bun}, ${BUILD.target})\n`)
  return 0
}
