import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { EXIT, PhicodeError } from '../errors'
import { phicodeHome } from '../util/home'
import { log } from '../util/log'
import type { TypescriptCompiler } from './typescript'

/**
 * The TypeScript phicode falls back on: the last release written in TypeScript itself (one
 * platform-independent package that the built-in Bun runs), pinned with its registry checksum.
 */
const VERSION = '6.0.3'
const INTEGRITY = 'sha512-y2TvuxSZPDyQakkFRPZHKFm+KKVqIisdg9/CZwm9ftvKXLP8NRWj38/ODjNbr43SsoXqNuAisEf1GdCxqWcdBw=='

const registry = (env: Record<string, string | undefined>): string =>
  (env.PHICODE_NPM_REGISTRY || env.npm_config_registry || 'https://registry.npmjs.org').replace(/\/+$/, '')

/**
 * typescript@6.0.3 from PHICODE_HOME/typescript/, downloaded from the npm registry
 * (`PHICODE_NPM_REGISTRY`, else npm's own setting) the first time a project without its own
 * TypeScript is checked, checked against the pinned sha512 and unpacked there.
 */
export async function lazyTypescript(env: Record<string, string | undefined>): Promise<TypescriptCompiler> {
  const home = join(phicodeHome(env), 'typescript', VERSION)
  const tsc = join(home, 'bin', 'tsc')
  if (existsSync(tsc)) return { version: VERSION, tsc, from: 'phicode' }
  const url = `${registry(env)}/typescript/-/typescript-${VERSION}.tgz`
  const unavailable = (why: string) =>
    new PhicodeError(
      `this project has no typescript package and phicode cannot fetch typescript@${VERSION} from ${url}: ${why}. ` +
        'Install it in the project (npm install -D typescript), or set PHICODE_NPM_REGISTRY to a registry that has it',
      EXIT.UNAVAILABLE,
    )
  log.info(`no typescript in this project: downloading typescript@${VERSION} once, into ${home}`)
  let bytes: Uint8Array<ArrayBuffer>
  try {
    const response = await fetch(url)
    if (!response.ok) throw unavailable(`HTTP ${response.status}`)
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    if (error instanceof PhicodeError) throw error
    throw unavailable((error as Error).message)
  }
  const digest = `sha512-${new Bun.CryptoHasher('sha512').update(bytes).digest('base64')}`
  if (digest !== INTEGRITY) throw unavailable(`its checksum is ${digest}, not the pinned ${INTEGRITY}`)
  const staging = `${home}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  for (const file of untar(Bun.gunzipSync(bytes))) {
    // npm packs every file under package/.
    const path = join(staging, file.name.replace(/^package\//, ''))
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, file.data)
  }
  rmSync(home, { recursive: true, force: true })
  renameSync(staging, home)
  return { version: VERSION, tsc, from: 'phicode' }
}

const text = (block: Uint8Array, start: number, length: number): string =>
  new TextDecoder().decode(block.subarray(start, start + length)).replace(/\0.*$/s, '')

/** The regular files of a ustar archive (an npm package): name (with its prefix field) and contents. */
function untar(archive: Uint8Array): Array<{ name: string; data: Uint8Array }> {
  const files: Array<{ name: string; data: Uint8Array }> = []
  let longName: string | undefined
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512)
    if (header.every((b) => b === 0)) break
    const size = parseInt(text(header, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(header[156]!)
    const prefix = text(header, 345, 155)
    const data = archive.subarray(at + 512, at + 512 + size)
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))
    longName = undefined
    if (type === 'L') longName = new TextDecoder().decode(data).replace(/\0.*$/s, '')
    else if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data))?.[1]
    else if (type === '0' || type === '\0') files.push({ name, data })
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
