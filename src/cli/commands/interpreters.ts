import { listInterpreters } from '../../runtime/interpreters/discover'
import { BUILD } from '../../version'
import { printJson } from '../output'

export function listInterpretersCommand(json: boolean): number {
  const found = listInterpreters(process.cwd())
  if (json) {
    printJson(found)
    return 0
  }
  for (const i of found) {
    const language = i.languageVersion && i.languageVersion !== i.version ? ` (Python ${i.languageVersion})` : ''
    const shim = i.found !== i.path ? ` ← ${i.found}` : ''
    process.stdout.write(`${i.kind.padEnd(8)} ${(i.version + language).padEnd(24)} ${i.path}${shim}  [${i.from}]\n`)
  }
  return 0
}

export function showVersionsCommand(json: boolean): number {
  const found = listInterpreters(process.cwd())
  const versions = { phicode: BUILD.version, ...Object.fromEntries(found.map((i) => [i.kind, i.version])) }
  if (json) printJson(versions)
  else for (const [name, version] of Object.entries(versions)) process.stdout.write(`${name} ${version}\n`)
  return 0
}
