import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { toPhicode } from '../../src/transpile'

export { BUN } from './root'

/**
 * A project written twice from TypeScript originals: as they are under `ts/`, and under `phi/`
 * with each `.ts` file whose name is in `asPhi` converted to φ (`.φ`, or the extension given).
 * Plain `bun` on `ts/` is the oracle for phicode on `phi/`.
 */
export function twinProject(dir: string, files: Record<string, string>, asPhi: Record<string, string>): { ts: string; phi: string } {
  const ts = join(dir, 'ts')
  const phi = join(dir, 'phi')
  for (const [name, source] of Object.entries(files)) {
    write(join(ts, name), source)
    const ext = asPhi[name]
    if (ext === undefined) write(join(phi, name), source)
    else {
      const converted = toPhicode(source, { dialect: 'typescript' })
      if (converted === source) throw new Error(`${name} has nothing to write in φ`)
      write(join(phi, name.replace(/\.ts$/, ext)), converted)
    }
  }
  return { ts, phi }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}
