import { join, resolve } from 'node:path'
import { EXIT, PhicodeError, systemError } from '../errors'
import { writeFileAtomicSync } from '../util/atomic-write'
import { phicodeHome } from '../util/home'
import { homeDir } from '../util/os'
import { selfCommand } from '../util/self'

export interface StartupRequest {
  /** A user unit (`systemctl --user`) instead of a system one. */
  user: boolean
  /** Where to write the unit instead of systemd's place for it; `-` prints it. */
  dir?: string
}

export interface StartupResult {
  /** The unit's name (`phicode-phiemon-<user>.service`). */
  name: string
  /** Where it was written; null when printed. */
  path: string | null
  unit: string
  /** What to run to have it start at boot. */
  commands: string[]
}

/** A quoted word for Environment=, its specifiers (`%`) escaped. */
const word = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`
/** A quoted word for ExecStart=, where `$` would also expand a variable. */
const execWord = (text: string): string => word(text).replace(/\$/g, '$$$$')

/** The account's name, as `id` gives it (Bun's userInfo() can answer "unknown"); its uid when there is none. */
function userName(): string {
  const id = Bun.spawnSync(['id', '-un'], { stdout: 'pipe', stderr: 'ignore' })
  const name = id.success ? id.stdout.toString().trim() : ''
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) ? name : String(process.getuid?.() ?? 'user')
}

/**
 * The unit that brings the saved daemons back at boot: a oneshot that runs
 * `phicode --phiemon-resurrect` and stays active, so the supervisors it starts live in its
 * cgroup until shutdown, when `--phiemon-stop --all` ends them gracefully.
 */
function startupUnit(user: boolean): { name: string; unit: string } {
  const self = selfCommand().map(execWord).join(' ')
  const account = userName()
  const lines = [
    '# Written by phicode --phiemon-startup systemd: brings back the daemons recorded by',
    '# phicode --phiemon-save (docs/phiemon.md, "Phiemon at boot").',
    '[Unit]',
    `Description=Phiemon daemons of ${account} (phicode --phiemon-resurrect)`,
    'Documentation=https://github.com/phicode-dev/phicode/blob/main/docs/phiemon.md',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    // The uid, which systemd resolves without a name service.
    ...(user ? [] : [`User=${process.getuid?.() ?? account}`]),
    `Environment=${word(`HOME=${homeDir()}`)}`,
    `Environment=${word(`PHICODE_HOME=${resolve(phicodeHome())}`)}`,
    `ExecStart=${self} --phiemon-resurrect`,
    // 69: a saved daemon did not start (its error is in the journal). A failed unit would have
    // its cgroup killed, taking the daemons that did start with it.
    'SuccessExitStatus=69',
    `ExecStop=${self} --phiemon-stop --all`,
    'TimeoutStartSec=120',
    'TimeoutStopSec=120',
    '',
    '[Install]',
    `WantedBy=${user ? 'default.target' : 'multi-user.target'}`,
    '',
  ]
  return { name: `phicode-phiemon-${account}.service`, unit: lines.join('\n') }
}

/** systemd's place for a unit the administrator (or, with --user, the user) installs. */
function unitDir(user: boolean): string {
  if (!user) return '/etc/systemd/system'
  return join(process.env.XDG_CONFIG_HOME || join(homeDir(), '.config'), 'systemd', 'user')
}

/** `--phiemon-startup systemd`: writes (or prints) the unit, and says how to enable it. */
export function installStartup(system: string, request: StartupRequest): StartupResult {
  if (system !== 'systemd') throw new PhicodeError(`--phiemon-startup knows systemd only, got ${JSON.stringify(system)}`, EXIT.USAGE)
  const { name, unit } = startupUnit(request.user)
  const systemctl = request.user ? 'systemctl --user' : 'systemctl'
  const commands = [`${systemctl} daemon-reload`, `${systemctl} enable ${name}`]
  // A user's units start at boot only when the user lingers; otherwise at their first login.
  if (request.user) commands.push(`loginctl enable-linger ${userName()}`)
  if (request.dir === '-') return { name, path: null, unit, commands }
  const path = join(request.dir ?? unitDir(request.user), name)
  try {
    writeFileAtomicSync(path, unit)
  } catch (error) {
    const hint = request.user ? '' : ' (a system unit needs root; --user writes a user unit)'
    throw systemError(`cannot write ${path}${hint}`, error, { exit: EXIT.CANT_WRITE, doing: 'failed' })
  }
  return { name, path, unit, commands }
}
