type SpawnOptions = { env?: Record<string, string | undefined> } | undefined

/**
 * Bun starts a child with the environment its process began with when no `env` is given, not
 * with `process.env` as it is now. `bun x.ts` loads the .env files before it begins, so the
 * programs it starts see them; phicode loads them later (its own settings come from the real
 * environment alone). So `Bun.spawn`, `Bun.spawnSync` and `Bun.$` get the environment the program
 * began with, .env files included, as their default, and only when the files added a variable.
 */
export function childrenSeeDotenv(dotenv: Record<string, string>): void {
  if (Object.keys(dotenv).length === 0) return
  const env = { ...process.env }
  const withEnv = (first: unknown, options: SpawnOptions): unknown[] =>
    Array.isArray(first) ? [first, { ...options, env: options?.env ?? env }] : [{ ...(first as object), env: (first as SpawnOptions)?.env ?? env }]
  const { spawn, spawnSync } = Bun as unknown as Record<'spawn' | 'spawnSync', (...args: unknown[]) => unknown>
  Object.assign(Bun, {
    spawn: (first: unknown, options?: SpawnOptions) => spawn(...withEnv(first, options)),
    spawnSync: (first: unknown, options?: SpawnOptions) => spawnSync(...withEnv(first, options)),
  })
  Bun.$.env(env)
}
