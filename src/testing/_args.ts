/**
 * `bun test`'s flags that take the next word as their value (`-t name`, `--timeout 500`).
 * Optional values (`--bail`, `--parallel`, `--changed`) only ever come as `--bail=3` in Bun,
 * so they are not listed: a word after them is a path filter there too.
 */
const VALUE_FLAGS = new Set([
  '-t', '--test-name-pattern', '--timeout', '--rerun-each', '--retry', '--seed', '--coverage-reporter', '--coverage-dir',
  '--reporter', '--reporter-outfile', '--max-concurrency', '--path-ignore-patterns', '--shard', '--timings',
  '--parallel-delay', '-r', '--preload', '--require', '--import', '--conditions', '--main-fields', '--extension-order',
  '--tsconfig-override', '-d', '--define', '--drop', '--feature', '-l', '--loader', '--jsx-factory', '--jsx-fragment',
  '--jsx-import-source', '--jsx-runtime', '--env-file', '--cwd', '-c', '--config', '--port', '--fetch-preconnect',
  '--max-http-header-size', '--dns-result-order', '--redirect-warnings', '--disable-warning', '--title',
  '--unhandled-rejections', '--console-depth', '--user-agent', '--elide-lines', '--shell', '--watch-kill-signal',
  '--install', '--cpu-prof-name', '--cpu-prof-dir', '--cpu-prof-interval', '--heap-prof-name', '--heap-prof-dir',
  '--heap-prof-interval',
])

/** What phicode needs to know of a `bun test` command line; everything else passes through. */
export interface TestArgs {
  /** Path filters: a file or folder, else a substring of a test file's path. */
  filters: string[]
  /** Flags for `bun test`, `--watch` and `--no-clear-screen` taken out (phicode watches). */
  flags: string[]
  watch: boolean
  clearScreen: boolean
  passWithNoTests: boolean
  /** `--path-ignore-patterns`: globs over paths relative to the working directory. */
  ignore: string[]
  cwd: string | undefined
  /** `--config`/`-c`: the bunfig.toml to read instead of the working directory's. */
  config: string | undefined
  /** Where `--coverage` writes its reports, so writing them does not count as a change. */
  coverageDir: string
}

/** Splits the words after `phicode --test` into bun test's flags and the path filters. */
export function parseTestArgs(argv: readonly string[]): TestArgs {
  const parsed: TestArgs = {
    filters: [], flags: [], watch: false, clearScreen: true, passWithNoTests: false, ignore: [], cwd: undefined, config: undefined, coverageDir: 'coverage',
  }
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!
    if (token === '--') {
      parsed.filters.push(...argv.slice(k + 1))
      break
    }
    if (!token.startsWith('-') || token === '-') {
      parsed.filters.push(token)
      continue
    }
    const eq = token.indexOf('=')
    const name = eq < 0 ? token : token.slice(0, eq)
    let value = eq < 0 ? undefined : token.slice(eq + 1)
    if (name === '--watch') parsed.watch = true
    else if (name === '--no-clear-screen') parsed.clearScreen = false
    else if (value === undefined && VALUE_FLAGS.has(name) && k + 1 < argv.length) {
      value = argv[++k]!
      parsed.flags.push(token, value)
    } else parsed.flags.push(token)
    if (name === '--pass-with-no-tests') parsed.passWithNoTests = true
    if (value === undefined) continue
    if (name === '--path-ignore-patterns') parsed.ignore.push(value)
    if (name === '--cwd') parsed.cwd = value
    if (name === '--config' || name === '-c') parsed.config = value
    if (name === '--coverage-dir') parsed.coverageDir = value
  }
  return parsed
}
