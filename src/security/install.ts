import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { FetchError, ofetch } from 'ofetch'
import { errnoOf, EXIT, PhicodeError } from '../errors'
import { BUILD } from '../version'
import { engineInstallPath, runEngine } from './engine'

type Env = Record<string, string | undefined>

export const DEFAULT_RELEASES_URL = 'https://github.com/phicode-dev/phimmuno/releases/latest/download'

const RETRIES = 3
const RETRY_BASE_MS = 250

export interface InstallResult {
  path: string
  url: string
  sha256: string
  bytes: number
}

/** The release asset for this platform, e.g. `phimmuno-engine-linux-x64`. */
export const engineAsset = (): string => `phimmuno-engine-${BUILD.target}${BUILD.target.startsWith('windows') ? '.exe' : ''}`

/** GET with retries on network errors and 408/429/5xx, waiting 250 ms, 500 ms, 1 s between tries. */
async function download(url: string): Promise<Uint8Array> {
  try {
    const data = await ofetch(url, {
      responseType: 'arrayBuffer',
      retry: RETRIES,
      retryDelay: (context) => RETRY_BASE_MS * 2 ** (RETRIES - Number(context.options.retry ?? 0)),
      retryStatusCodes: [408, 425, 429, 500, 502, 503, 504],
      timeout: 60_000,
    })
    return new Uint8Array(data)
  } catch (error) {
    const status = error instanceof FetchError ? error.statusCode : undefined
    const why = status ? `HTTP ${status}` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message
    throw new PhicodeError(`cannot download ${url}: ${why} (after ${RETRIES + 1} tries)`, EXIT.UNAVAILABLE, { cause: error })
  }
}

/** `<sha256>  <name>` lines, as sha256sum writes them. */
function expectedDigest(sums: string, asset: string, url: string): string {
  for (const line of sums.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64})\s+\*?(\S+)$/i.exec(line.trim())
    if (m && m[2] === asset) return m[1]!.toLowerCase()
  }
  throw new PhicodeError(`${url} lists no checksum for ${asset}: this release has no engine for ${BUILD.target}`, EXIT.UNAVAILABLE)
}

/**
 * Downloads phimmuno-engine for this platform from `PHICODE_RELEASES_URL` (a directory holding
 * the asset and SHA256SUMS), checks the digest and that the engine answers, then moves it into
 * place. Nothing is left behind on failure.
 */
export async function installEngine(env: Env = process.env, progress: (message: string) => void = () => {}): Promise<InstallResult> {
  const base = (env.PHICODE_RELEASES_URL || DEFAULT_RELEASES_URL).replace(/\/+$/, '')
  const asset = engineAsset()
  const sumsUrl = `${base}/SHA256SUMS`
  progress(`fetching ${sumsUrl}`)
  const expected = expectedDigest(new TextDecoder().decode(await download(sumsUrl)), asset, sumsUrl)
  const url = `${base}/${asset}`
  progress(`downloading ${url}`)
  const bytes = await download(url)
  const actual = new Bun.CryptoHasher('sha256').update(bytes).digest('hex')
  if (actual !== expected) {
    throw new PhicodeError(`${url}: checksum mismatch (expected ${expected}, got ${actual}); nothing installed`, EXIT.IO)
  }
  const path = engineInstallPath(env)
  const temp = `${path}.${process.pid}.download`
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(temp, bytes)
    chmodSync(temp, 0o755)
    const verdict = await runEngine(temp, '', 5000)
    if (verdict.status === 'failed') throw new PhicodeError(`${url} was downloaded but does not run here: ${verdict.reason}; nothing installed`, EXIT.UNAVAILABLE)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    if (error instanceof PhicodeError) throw error
    throw new PhicodeError(`cannot install to ${path}: ${errnoOf(error) ?? (error as Error).message}`, EXIT.CANT_WRITE, { cause: error })
  }
  return { path, url, sha256: actual, bytes: bytes.byteLength }
}
