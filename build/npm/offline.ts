/**
 * Installs npm tarballs the way a user would, but with the registry unreachable and never asked:
 * what the tests and the launcher benchmark run on must come from the tarballs alone.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** npm's settings for `scratch` (cache, empty user config, HOME), with Node on PATH and no bun. */
export function offlineNpmEnv(scratch: string): Record<string, string> {
  writeFileSync(join(scratch, 'npmrc'), '')
  return {
    PATH: '/usr/bin:/bin',
    HOME: join(scratch, 'home'),
    npm_config_userconfig: join(scratch, 'npmrc'),
    npm_config_cache: join(scratch, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  }
}

/** Makes `project` a package and `npm install`s the tarballs into it. */
export async function installTarballs(project: string, tarballs: string[], env: Record<string, string>): Promise<void> {
  await Bun.write(join(project, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n')
  const npm = Bun.spawn(['npm', 'install', ...tarballs], { cwd: project, env, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(npm.stdout).text(), new Response(npm.stderr).text(), npm.exited])
  if (code !== 0) throw new Error(`npm install in ${project} failed:\n${out}${err}`)
}
