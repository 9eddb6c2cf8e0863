/**
 * Promises of the API that only a broken server would break, each checked on the compiled
 * server on 127.0.0.1: code the scanner cannot read is a 422 naming where (never a 500), and
 * submitted code never sees the server's environment.
 */
import { describe, expect, test } from 'bun:test'
import { post, type Reply, documentedServer } from '../../helpers/api'

const TOKEN = 'oracles-token-7f3a9c'
const SECRET = 'oracles-secret-51d2e8'
const auth = { authorization: `Bearer ${TOKEN}` }

const api = documentedServer({ env: { PHICODE_API_TOKEN: TOKEN, PHICODE_ORACLES_SECRET: SECRET } }, auth)
const conforms = (reply: Reply, status: number) => api.conforms(reply, 'POST', '/execute', status)

describe('code the scanner cannot read is a 422 at its line, never a 500', () => {
  // Each holds a rule's word (so the scanner reads it) and a string left open on line 2.
  const cases: Array<[string, string]> = [
    ['python', 'x = eval("1")\ny = "open\n'],
    ['phicode', 'π(eval("1"))\ny = "open\n'],
    ['typescript', 'eval("1")\nconst y = "open\n'],
  ]
  for (const [type, code] of cases) {
    test(type, async () => {
      const reply = await post(api.server.url, '/execute', { code, type }, auth)
      conforms(reply, 422)
      expect(reply.body.field).toBe('code')
      expect(reply.body.line).toBe(2)
      expect(reply.body.error).toStartWith('code cannot be scanned as ')
    })
  }
})

describe("submitted code does not see the server's environment", () => {
  const cases: Array<[string, string]> = [
    ['python', 'import os\nfor k, v in sorted(os.environ.items()):\n    print(k + "=" + v)\n'],
    ['typescript', 'for (const [k, v] of Object.entries(process.env)) console.log(`${k}=${v}`)\n'],
  ]
  for (const [type, code] of cases) {
    test(`${type}: neither the API token nor another variable of the server's`, async () => {
      const reply = await post(api.server.url, '/execute', { code, type }, auth)
      conforms(reply, 200)
      expect(reply.body.exit_code).toBe(0)
      // The program did print its environment: the sandbox's own HOME is in it.
      expect(reply.body.output).toMatch(/^HOME=\//m)
      expect(reply.body.output).not.toContain(TOKEN)
      expect(reply.body.output).not.toContain(SECRET)
      expect(reply.body.output).not.toMatch(/^PHICODE_(API_TOKEN|ORACLES_SECRET)=/m)
    })
  }
})
