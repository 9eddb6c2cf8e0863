/**
 * The systemd unit `--phiemon-startup systemd` writes, checked line by line against a unit
 * written out here by hand. The command's own path comes from where it runs: a small script in a
 * folder whose name holds `$`, `%` and `"`, run by the real bun, so the quoting systemd
 * needs in ExecStart= (every `$` doubled) and Environment= (`%` doubled, `"` and `\` escaped) shows.
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { installStartup } from '../../../src/daemon/startup'
import { EXIT, PhicodeError } from '../../../src/errors'
import { thrown } from '../../helpers/thrown'
import { tempDir } from '../../helpers/tmp'

const STARTUP = join(import.meta.dir, '../../../src/daemon/startup.ts')
/** The account as `id` gives it (the unit names it) and its uid (the system unit runs as it). */
const account = Bun.spawnSync(['id', '-un']).stdout.toString().trim()
const uid = Bun.spawnSync(['id', '-u']).stdout.toString().trim()

const root = tempDir('phiemon-startup-')
// Bun reads a `\` in a script's path as a separator: that escape is checked in PHICODE_HOME.
const odd = join(root, 'odd $HOME 100% "q"')
mkdirSync(odd, { recursive: true })
const script = join(odd, 'print.ts')
writeFileSync(
  script,
  `import { installStartup } from ${JSON.stringify(STARTUP)}\n` +
    `console.log(JSON.stringify([installStartup('systemd', { user: false, dir: '-' }), installStartup('systemd', { user: true, dir: '-' })]))\n`,
)

interface Printed {
  name: string
  path: string | null
  unit: string
  commands: string[]
}

function printed(env: Record<string, string>): [Printed, Printed] {
  const r = Bun.spawnSync([process.execPath, script], { env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'pipe' })
  if (!r.success) throw new Error(r.stderr.toString())
  return JSON.parse(r.stdout.toString())
}

/** The unit as written by hand: `self` is ExecStart='s command, already quoted. */
function unit(user: boolean, self: string, home: string, phicodeHome: string): string {
  return [
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
    ...(user ? [] : [`User=${uid}`]),
    `Environment="HOME=${home}"`,
    `Environment="PHICODE_HOME=${phicodeHome}"`,
    `ExecStart=${self} --phiemon-resurrect`,
    'SuccessExitStatus=69',
    `ExecStop=${self} --phiemon-stop --all`,
    'TimeoutStartSec=120',
    'TimeoutStopSec=120',
    '',
    '[Install]',
    `WantedBy=${user ? 'default.target' : 'multi-user.target'}`,
    '',
  ].join('\n')
}

describe('the unit', () => {
  test('system and user units, printed: every line, quoted as systemd reads it; how to enable each', () => {
    const [system, user] = printed({ HOME: '/home/some one', PHICODE_HOME: '/srv/ph "x" 5% \\y' })
    const name = `phicode-phiemon-${account}.service`
    // ExecStart= words: `"` and `\` escaped, `%` → `%%`, `$` → `$$`.
    const self = `"${process.execPath}" "${root}/odd $$HOME 100%% \\"q\\"/print.ts"`
    const phicodeHome = '/srv/ph \\"x\\" 5%% \\\\y'
    expect(system).toEqual({
      name,
      path: null,
      unit: unit(false, self, '/home/some one', phicodeHome),
      commands: ['systemctl daemon-reload', `systemctl enable ${name}`],
    })
    expect(user).toEqual({
      name,
      path: null,
      unit: unit(true, self, '/home/some one', phicodeHome),
      commands: ['systemctl --user daemon-reload', `systemctl --user enable ${name}`, `loginctl enable-linger ${account}`],
    })
  })

  test('a relative PHICODE_HOME is written as the absolute folder it names; no PHICODE_HOME: ~/.phicode', () => {
    const [withRelative] = printed({ HOME: '/h', PHICODE_HOME: 'rel/ph' })
    expect(withRelative.unit).toContain(`\nEnvironment="PHICODE_HOME=${process.cwd()}/rel/ph"\n`)
    const [byDefault] = printed({ HOME: '/h', PHICODE_HOME: '' })
    expect(byDefault.unit).toContain('\nEnvironment="HOME=/h"\nEnvironment="PHICODE_HOME=/h/.phicode"\n')
  })
})

describe('the account', () => {
  test("a name `id` gives that is not a plain account name, or no name at all: the uid stands in", () => {
    for (const [label, script] of [
      ['odd', "echo 'a b'"],
      ['failing', 'exit 1'],
    ]) {
      const bin = join(root, `id-${label}`)
      mkdirSync(bin)
      writeFileSync(join(bin, 'id'), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
      const [system] = printed({ HOME: '/h', PHICODE_HOME: '/p', PATH: `${bin}:${process.env.PATH}` })
      expect([label, system.name]).toEqual([label, `phicode-phiemon-${uid}.service`])
      expect(system.unit).toContain(`\nDescription=Phiemon daemons of ${uid} (phicode --phiemon-resurrect)\n`)
    }
  })
})

describe('where it goes', () => {
  function withEnv<T>(env: Record<string, string | undefined>, body: () => T): T {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
    for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v)
    try {
      return body()
    } finally {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v)
    }
  }

  test('a folder given: the unit file is written there, and its path returned', () => {
    const dir = join(root, 'units')
    mkdirSync(dir)
    const result = installStartup('systemd', { user: false, dir })
    expect(result.path).toBe(join(dir, `phicode-phiemon-${account}.service`))
    expect(readFileSync(result.path!, 'utf8')).toBe(result.unit)
  })

  test("a user unit without a folder: $XDG_CONFIG_HOME/systemd/user, or ~/.config/systemd/user when it is unset or empty", () => {
    const home = join(root, 'home')
    const xdg = join(root, 'xdg')
    const name = `phicode-phiemon-${account}.service`
    const viaXdg = withEnv({ HOME: home, XDG_CONFIG_HOME: xdg }, () => installStartup('systemd', { user: true }))
    expect(viaXdg.path).toBe(join(xdg, 'systemd', 'user', name))
    expect(existsSync(viaXdg.path!)).toBe(true)
    for (const value of [undefined, '']) {
      const viaHome = withEnv({ HOME: home, XDG_CONFIG_HOME: value }, () => installStartup('systemd', { user: true }))
      expect(viaHome.path).toBe(join(home, '.config', 'systemd', 'user', name))
      expect(readFileSync(viaHome.path!, 'utf8')).toBe(viaHome.unit)
    }
  })

  test("a system unit without a folder: systemd's /etc/systemd/system (a tmpfs over it, in a mount namespace of the test's own)", () => {
    const script = join(root, 'system.ts')
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs'\nimport { installStartup } from ${JSON.stringify(STARTUP)}\n` +
        `const r = installStartup('systemd', { user: false })\nconsole.log(JSON.stringify({ path: r.path, written: readFileSync(r.path!, 'utf8') === r.unit }))\n`,
    )
    if (!Bun.which('unshare')) throw new Error('this test needs unshare(1) (util-linux)')
    const r = Bun.spawnSync(['unshare', '--mount', 'sh', '-c', `mount -t tmpfs tmpfs /etc/systemd/system && exec "$0" "$1"`, process.execPath, script], { stdout: 'pipe', stderr: 'pipe' })
    if (!r.success) throw new Error(`a mount namespace with a tmpfs on /etc/systemd/system (root needed): ${r.stderr.toString()}`)
    expect(JSON.parse(r.stdout.toString())).toEqual({ path: `/etc/systemd/system/phicode-phiemon-${account}.service`, written: true })
    expect(existsSync(`/etc/systemd/system/phicode-phiemon-${account}.service`)).toBe(false)
  })

  test('another init system is a usage error naming it', () => {
    const error = thrown(PhicodeError, () => installStartup('launchd', { user: true, dir: '-' }))
    expect(error.exitCode).toBe(EXIT.USAGE)
    expect(error.message).toBe('--phiemon-startup knows systemd only, got "launchd"')
  })

  test('a unit that cannot be written: exit 73 naming the path; for a system unit, the hint that it needs root', () => {
    const blocker = join(root, 'a-file')
    writeFileSync(blocker, '')
    for (const user of [false, true]) {
      const error = thrown(PhicodeError, () => installStartup('systemd', { user, dir: blocker }))
      expect(error.exitCode).toBe(EXIT.CANT_WRITE)
      // Making the folder fails with EEXIST, an errno without words of its own: it is named.
      expect(error.message).toBe(`cannot write ${join(blocker, `phicode-phiemon-${account}.service`)}${user ? '' : ' (a system unit needs root; --user writes a user unit)'}: failed (EEXIST)`)
    }
  })
})
