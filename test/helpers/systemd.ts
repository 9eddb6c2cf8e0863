import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE } from './binary'
import { required } from './prerequisites'
import { tempDir } from './tmp'

/** `systemd-analyze verify` on unit files, phicode's path swapped for the binary under test (verify checks ExecStart exists). */
export function verifyUnits(files: Record<string, string>): { code: number; stderr: string } {
  const analyze = required('systemd-analyze')
  const dir = tempDir('phicode-units-')
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name)
    writeFileSync(path, text.replaceAll('/usr/local/bin/phicode', PHICODE))
    return path
  })
  const result = Bun.spawnSync([analyze, 'verify', ...paths], { stderr: 'pipe', stdout: 'pipe' })
  return { code: result.exitCode, stderr: result.stderr.toString() }
}

