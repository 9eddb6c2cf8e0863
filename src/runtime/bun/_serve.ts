import type { Serve } from 'bun'

interface Servable {
  fetch: (...args: unknown[]) => unknown
  development?: boolean
}

function servable(value: unknown): value is Servable {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { fetch?: unknown }).fetch === 'function'
}

/**
 * What `bun app.ts` does after evaluating an entry whose default export has a `fetch` function
 * (`export default { fetch }`, `export default { port, fetch }`, Hono's `export default app`):
 * serve it with `Bun.serve` (port from the object, else `BUN_PORT`, `PORT`, `NODE_PORT`, else
 * 3000) and say where on stdout. Bun serves in development mode unless the object or
 * `NODE_ENV=production` says otherwise (read at run time: the build inlines `process.env.NODE_ENV`). The object itself is passed, so a `fetch` found on its
 * prototype (a class instance) still counts.
 */
export function serveDefaultExport(module: { default?: unknown }): void {
  const app = module.default
  if (!servable(app)) return
  const development = app.development ?? Bun.env['NODE_ENV'] !== 'production'
  const options = app.development === undefined ? Object.assign(Object.create(app) as Servable, { development }) : app
  const server = Bun.serve(options as unknown as Serve.Options<undefined>)
  const url = server.url.href.replace(/\/$/, '')
  process.stdout.write(`Started ${development ? 'development ' : ''}server: ${url}\n`)
}
