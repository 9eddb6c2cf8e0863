import { loadConfig } from '../config/load'
import type { SecurityConfig } from '../config/types'
import { engineInstallPath, findEngine } from './engine'
import { DEFAULT_RELEASES_URL, engineAsset } from './install'
import { RULES } from './rules'

export interface SecurityStatus {
  scanner: { rules: Record<string, Array<{ id: string; severity: string; message: string }>> }
  /** The project's mode for CLI runs; the API always blocks. */
  mode: SecurityConfig['mode']
  /** Rules whose findings CLI runs ignore. */
  allow: string[]
  /** Globs of files CLI runs never check. */
  allowPaths: string[]
  config: string | null
  engine: { installed: boolean; path: string | null; install_path: string; asset: string; releases_url: string }
}

export function securityStatus(cwd: string, env: Record<string, string | undefined> = process.env): SecurityStatus {
  const loaded = loadConfig(cwd)
  const engine = findEngine(env)
  const list = (dialect: 'python' | 'typescript') => RULES[dialect].map(({ id, severity, message }) => ({ id, severity, message }))
  return {
    scanner: { rules: { python: list('python'), typescript: list('typescript') } },
    mode: loaded.config.security.mode,
    allow: loaded.config.security.allow,
    allowPaths: loaded.config.security.allowPaths,
    config: loaded.file ?? null,
    engine: {
      installed: engine !== undefined,
      path: engine ?? null,
      install_path: engineInstallPath(env),
      asset: engineAsset(),
      releases_url: env.PHICODE_RELEASES_URL || DEFAULT_RELEASES_URL,
    },
  }
}
