/**
 * Stands in for phicode's main in the supervisor and control unit tests. Phiemon starts "this
 * same program again" (selfCommand: Bun with Bun.main), so run as Bun.main this file plays every
 * part a real phicode would, straight from src/daemon:
 * - `--phiemon-supervise <name>` (spec on stdin): the supervisor, exiting with its code;
 * - `control <op> <arg>`: startDaemon (arg: the spec as JSON), restartDaemon or stopDaemon (arg:
 *   the name), printing one JSON line: `{ "value": … }` or `{ "exitCode": n, "message": "…" }`;
 * - anything else is an app run by a supervisor (`<flags…> -- <module> <args…>`): the module, a
 *   plain script the test wrote, is imported with process.argv as Bun would give it the module.
 * Roles are imported when chosen: an app loads none of src/daemon.
 */
import { resolve } from 'node:path'

const [role, ...rest] = process.argv.slice(2)

if (role === '--phiemon-supervise') {
  const { supervise } = await import('../../../src/daemon/supervisor')
  process.exit(await supervise(rest[0]!))
} else if (role === 'control') {
  const control = await import('../../../src/daemon/control')
  const [op, arg] = rest as [string, string]
  try {
    const value =
      op === 'start' ? await control.startDaemon(JSON.parse(arg)) : op === 'restart' ? await control.restartDaemon(arg) : await control.stopDaemon(arg)
    console.log(JSON.stringify({ value }))
  } catch (error) {
    const e = error as { exitCode?: number; message: string }
    console.log(JSON.stringify({ exitCode: e.exitCode, message: e.message }))
  }
  process.exit(0)
} else {
  // Bun drops a `--` right after the script's path (no flags before it); later ones reach it.
  const argv = process.argv
  const at = argv.indexOf('--') >= 0 ? argv.indexOf('--') + 1 : 2
  process.argv = [argv[0]!, ...argv.slice(at)]
  // The module resolved in the app's folder, as phicode resolves one.
  await import(resolve(process.argv[1]!))
}
