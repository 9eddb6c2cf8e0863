import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The `.env` files Bun would load for a program started in `cwd`, as Node `--env-file` flags,
 * lowest precedence first (Node lets a later file win, and never a file over the real
 * environment): `.env`, `.env.<NODE_ENV>` (`development` when unset), then `.env.local`, which
 * Bun skips under `NODE_ENV=test` so tests see the same values on every machine. Node parses
 * them: values are Node's, without Bun's `$VAR` expansion.
 */
export function envFileFlags(cwd: string, env: Record<string, string | undefined> = process.env): string[] {
  const mode = env.NODE_ENV || 'development'
  const names = ['.env', `.env.${mode}`, ...(mode === 'test' ? [] : ['.env.local'])]
  return names.filter((name) => existsSync(join(cwd, name))).map((name) => `--env-file=${join(cwd, name)}`)
}
