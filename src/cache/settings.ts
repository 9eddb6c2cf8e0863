import { envFlag, envNumber } from '../config/env'
import type { CacheSettings } from './types'

type Env = Record<string, string | undefined>

const DEFAULT_MEMORY_ENTRIES = 512
const DEFAULT_BATCH_SIZE = 512

const count = (env: Env, name: string, fallback: number, min: number): number => envNumber(name, fallback, { min }, env)

function fault(env: Env): CacheSettings['fault'] {
  const raw = env.PHICODE_CACHE_FAULT?.trim().toUpperCase()
  return raw === 'EROFS' || raw === 'ENOSPC' ? raw : undefined
}

/** The cache's environment variables (docs/cache.md lists them); a malformed value means its default, with a warning. */
export function cacheSettings(env: Env = process.env): CacheSettings {
  const stall = count(env, 'PHICODE_CACHE_STALL_WRITE', -1, 0)
  const enabled = envFlag('PHICODE_CACHE', true, env)
  return {
    enabled,
    dir: env.PHICODE_CACHE_DIR?.trim() || undefined,
    memoryEntries: enabled ? count(env, 'PHICODE_CACHE_SIZE', DEFAULT_MEMORY_ENTRIES, 0) : 0,
    transpiled: enabled && envFlag('PHICODE_CACHE_TRANSPILED', true, env),
    bytecode: enabled && envFlag('PHICODE_CACHE_BYTECODE', true, env),
    resolution: enabled && envFlag('PHICODE_CACHE_RESOLUTION', true, env),
    batchSize: count(env, 'PHICODE_BATCH_SIZE', DEFAULT_BATCH_SIZE, 1),
    fault: fault(env),
    stallAfter: stall >= 0 ? stall : undefined,
  }
}
