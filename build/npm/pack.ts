import { join } from 'node:path'

/** `npm pack` itself, so the tarballs are exactly what `npm publish` of each directory would upload. */
/** Returns the tarball's path. */
export async function npmPack(dir: string, destination: string): Promise<string> {
  const proc = Bun.spawn(['npm', 'pack', '--json', '--pack-destination', destination, dir], {
    stdout: 'pipe', stderr: 'pipe', env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  })
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`npm pack ${dir} failed:\n${err}`)
  const [packed] = JSON.parse(out) as [{ filename: string }]
  return join(destination, packed.filename)
}
