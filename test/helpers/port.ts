/**
 * A port nothing listens on right now on 127.0.0.1, for servers that cannot be told port 0 and
 * report the port they got (nginx, Django's runserver, uvicorn behind its reloader). Tests run
 * one at a time, so none takes another's.
 */
export function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const { port } = probe
  probe.stop(true)
  return port
}
