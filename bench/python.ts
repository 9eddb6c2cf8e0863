/**
 * Shared by the benchmarks and the tests (an oracle: the real interpreter, nothing of phicode).
 * The real python3 behind any shim (pyenv's costs ~0.5 s per start), resolved once per run.
 */
let cached: string | undefined

export function pythonExecutable(): string {
  cached ??= Bun.spawnSync(['python3', '-c', 'import sys; print(sys.executable)']).stdout.toString().trim()
  if (!cached) throw new Error('python3 is not installed')
  return cached
}
