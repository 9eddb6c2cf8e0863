// `export default { fetch }` served on Node as `bun app.ts` serves it (Bun.serve's port choice
// and start-up line), with node:http. Plain JavaScript: it runs in the app's Node. Loaded only
// when the entry's default export has a `fetch` method.
import { createServer } from 'node:http'
import { Readable } from 'node:stream'

const DEFAULT_PORT = 3000

/** `app` is the entry's default export: `{ fetch, port?, hostname?, error? }` or a Hono app. */
export function serve(app) {
  const env = process.env
  const port = Number(app.port ?? env.BUN_PORT ?? env.PORT ?? env.NODE_PORT ?? DEFAULT_PORT)
  const hostname = app.hostname ?? '0.0.0.0'
  const server = createServer((req, res) => void respond(app, facade, req, res))
  const facade = {
    get port() {
      return server.address()?.port ?? port
    },
    hostname,
    get url() {
      return new URL(`http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${facade.port}/`)
    },
    stop: () => new Promise((done) => server.close(() => done())),
    requestIP: (request) => request[SOCKET] ?? null,
  }
  server.listen(port, hostname === '0.0.0.0' ? undefined : hostname, () => {
    const kind = env.NODE_ENV === 'production' ? 'server' : 'development server'
    process.stdout.write(`Started ${kind}: ${facade.url.href.replace(/\/$/, '')}\n`)
  })
  return facade
}

const SOCKET = Symbol('socket address')

async function respond(app, server, req, res) {
  let response
  try {
    response = await app.fetch(toRequest(req), server)
  } catch (error) {
    response = await failed(app, error)
  }
  if (!(response instanceof Response)) response = await failed(app, new TypeError('fetch() did not return a Response'))
  const headers = {}
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, response.statusText, headers)
  if (response.body === null || req.method === 'HEAD') return void res.end()
  for await (const chunk of response.body) res.write(chunk)
  res.end()
}

function toRequest(req) {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url}`
  const withBody = req.method !== 'GET' && req.method !== 'HEAD'
  const request = new Request(url, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
    body: withBody ? Readable.toWeb(req) : undefined,
    duplex: withBody ? 'half' : undefined,
  })
  const { remoteAddress, remotePort, remoteFamily } = req.socket
  request[SOCKET] = { address: remoteAddress, port: remotePort, family: remoteFamily }
  return request
}

/** The app's own `error` handler, as Bun.serve calls it; else the error is logged and a 500 sent. */
async function failed(app, error) {
  if (typeof app.error === 'function') {
    try {
      const handled = await app.error(error)
      if (handled instanceof Response) return handled
    } catch (again) {
      error = again
    }
  }
  console.error(error)
  return new Response('Internal Server Error', { status: 500 })
}
