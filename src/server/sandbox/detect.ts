import { EXIT, PhicodeError } from '../../errors'
import { PLATFORM } from '../../util/platform'
import type { SandboxMode } from '../types'

export interface SandboxTools {
  setpriv: string
  prlimit: string
  sh: string
}

let tools: SandboxTools | undefined | null = null

/** util-linux's setpriv and prlimit (and a POSIX sh), when this is Linux and they are installed. */
export function sandboxTools(): SandboxTools | undefined {
  if (tools !== null) return tools
  tools = undefined
  if (PLATFORM !== 'linux') return tools
  const setpriv = Bun.which('setpriv', { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' })
  const prlimit = Bun.which('prlimit', { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' })
  const sh = Bun.which('sh', { PATH: '/bin:/usr/bin' })
  if (!setpriv || !prlimit || !sh) return tools
  const version = Bun.spawnSync([setpriv, '--version'], { stderr: 'ignore' }).stdout.toString()
  if (!version.includes('util-linux')) return tools
  tools = { setpriv, prlimit, sh }
  return tools
}

const isRoot = () => process.getuid?.() === 0

/**
 * `uid` (each execution slot runs as its own unprivileged uid) needs root and util-linux;
 * `process-group` is what an ordinary user gets. Root without the tools is refused rather than
 * silently running submitted code as root, unless process-group is asked for by name.
 */
export function detectSandbox(requested: SandboxMode | 'auto'): SandboxMode {
  const canDropPrivileges = isRoot() && sandboxTools() !== undefined
  if (requested === 'uid' && !canDropPrivileges) {
    throw new PhicodeError(
      'PHICODE_API_SANDBOX=uid needs Linux, root, and setpriv + prlimit from util-linux',
      EXIT.UNAVAILABLE,
    )
  }
  if (requested !== 'auto') return requested
  if (canDropPrivileges) return 'uid'
  if (isRoot()) {
    throw new PhicodeError(
      'running as root, but setpriv/prlimit (util-linux) are missing, so submitted code would run as root; install util-linux, run as an ordinary user, or set PHICODE_API_SANDBOX=process-group to accept it',
      EXIT.UNAVAILABLE,
    )
  }
  return 'process-group'
}
