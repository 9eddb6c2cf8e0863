import { describe, expect, test } from 'bun:test'
import { ROOT } from '../../helpers/root'

// Exit 70 is for phicode's own bugs, which no correct input reaches: the reporter runs here in a
// real process on an error phicode does not expect, as the CLI's last catch hands it over.
async function report(debug: boolean) {
  const script = `import { reportError } from './src/cli/output'
function engineBug() { return (undefined as any).field }
try { engineBug() } catch (error) { process.exit(reportError(error, ${debug})) }`
  const proc = Bun.spawn([process.execPath, '-e', script], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, NO_COLOR: '1' } })
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()])
  return { code, stderr }
}

describe('an unexpected error', () => {
  test('exits 70 with one line naming it and how to see more; no stack', async () => {
    const r = await report(false)
    expect(r.code).toBe(70)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('internal error: undefined is not an object')
    expect(r.stderr).toContain('(run with --debug for details)')
    expect(r.stderr).not.toContain('engineBug')
  })

  test('with --debug the stack follows, naming the function that failed', async () => {
    const r = await report(true)
    expect(r.code).toBe(70)
    expect(r.stderr).not.toContain('run with --debug')
    expect(r.stderr).toContain('at engineBug')
  })
})
