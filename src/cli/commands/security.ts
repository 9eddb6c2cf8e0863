import { log } from '../../util/log'
import { installEngine, securityStatus } from '../../security'
import { formatBytes } from '../../util/bytes'
import { printJson } from '../output'

export function securityStatusCommand(json: boolean): number {
  const status = securityStatus(process.cwd())
  if (json) {
    printJson(status)
    return 0
  }
  const { python, typescript } = status.scanner.rules
  const out = [
    `scanner:  built in, ${python!.length} python rules, ${typescript!.length} typescript rules (strings and comments never match)`,
    `mode:     ${status.mode} for CLI runs${status.config ? ` (${status.config})` : ' (default)'}; the API blocks`,
    `allowed:  ${status.allow.length ? `rules ${status.allow.join(', ')}` : 'no rules'}; ${status.allowPaths.length ? `paths ${status.allowPaths.join(', ')}` : 'no paths'}`,
    `engine:   ${status.engine.installed ? `phimmuno-engine at ${status.engine.path}` : `not installed (phicode --security-install puts ${status.engine.asset} in ${status.engine.install_path})`}`,
    '',
    ...[...python!, ...typescript!].map((r) => `  ${r.id.padEnd(22)} ${r.severity.padEnd(7)} ${r.message}`),
  ]
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

export async function securityInstallCommand(json: boolean): Promise<number> {
  const result = await installEngine(process.env, (message) => log.start(message))
  if (json) printJson(result)
  else log.success(`installed ${result.path} (${formatBytes(result.bytes)}, sha256 ${result.sha256.slice(0, 16)}…)`)
  return 0
}
