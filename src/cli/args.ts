import type { ArgsDef } from 'citty'

/**
 * Every option phicode itself understands. Feature areas add theirs here; `parseArgv` takes
 * these out of the command line wherever they stand and leaves the rest to the module.
 */
export const ARGS = {
  module: {
    type: 'positional',
    required: false,
    description: 'Module to run: a path, or a name looked up as name.φ, name.py, name.ts … (default: main)',
  },
  help: { type: 'boolean', alias: 'h', description: 'Show this help' },
  version: { type: 'boolean', alias: 'v', description: 'Print the version (with --json: version, commit, Bun, target)' },
  json: { type: 'boolean', description: 'Machine-readable JSON output for the command given' },
  debug: { type: 'boolean', description: 'Verbose logging, and stack traces for phicode\'s own errors' },
  convert: {
    type: 'string',
    valueHint: 'path…|-',
    description: 'Convert files and directory trees (or - for stdin) between φ and plain code; one file prints to stdout unless -o',
  },
  to: {
    type: 'enum',
    options: ['phicode', 'python', 'typescript'],
    description: 'With --convert: the target (default: from the file name, then from the content)',
  },
  dialect: {
    type: 'enum',
    options: ['python', 'typescript'],
    description: 'With --convert: the φ dialect (default: extension, pragma, config, then content)',
  },
  output: {
    type: 'string',
    alias: 'o',
    valueHint: 'file|dir',
    description: 'With --convert: write one file here, or mirror the inputs into this directory (a trailing / or several inputs)',
  },
  'in-place': { type: 'boolean', description: 'With --convert: write each conversion beside its source (the source stays)' },
  check: { type: 'boolean', description: 'With --convert: write nothing; exit 1 listing the files whose conversion differs from the file on disk' },
  python: { type: 'boolean', description: 'Run on Python; the analysis picks PyPy for pure Python when installed, else CPython' },
  cpython: { type: 'boolean', description: 'Run on CPython (PHITON_PATH, else python3 on PATH)' },
  pypy: { type: 'boolean', description: 'Run on PyPy (PHIPY_PATH, else pypy3 on PATH)' },
  node: { type: 'boolean', description: 'Run a TypeScript-dialect app on Node (PHINODE_PATH, else node on PATH)' },
  bun: { type: 'boolean', description: 'Run a TypeScript-dialect app in-process on the built-in Bun (the default)' },
  interpreter: { type: 'string', valueHint: 'path', description: 'Run on this Python or Node executable' },
  'list-interpreters': { type: 'boolean', description: 'List the interpreters found, with versions (shims resolved)' },
  'show-versions': { type: 'boolean', description: 'Print the versions of phicode, its Bun and every interpreter found' },
  bypass: { type: 'boolean', description: 'Skip the security scan of the module (with --api-server: of submitted code; the sandbox still applies)' },
  'api-server': { type: 'boolean', description: 'Serve the HTTP API (/execute, /convert, /info, /symbols, /health, /openapi.json) until SIGINT/SIGTERM' },
  'api-port': { type: 'string', valueHint: 'port', description: 'With --api-server: the port (default 8000; 0 picks a free one)' },
  'api-host': {
    type: 'string',
    valueHint: 'address',
    description: 'With --api-server: the address to bind (default 127.0.0.1; any other needs PHICODE_API_TOKEN)',
  },
  'security-status': { type: 'boolean', description: 'Show the security scanner\'s rules, the project\'s security mode and whether phimmuno-engine is installed' },
  'security-install': { type: 'boolean', description: 'Download phimmuno-engine into ~/.phicode/bin (checksum verified; PHICODE_RELEASES_URL overrides the source)' },
  'config-generate': { type: 'boolean', description: 'Write .(φ)/config.json with every default symbol, ready to edit' },
  'config-reset': { type: 'boolean', description: 'Remove the project\'s config file, back to the defaults' },
  force: { type: 'boolean', description: 'With --config-generate: overwrite an existing config; with --convert: overwrite files of the other form' },
  'cache-stats': {
    type: 'boolean',
    description: 'Show the project\'s cache: where it is, and per layer hits, misses, entries and bytes (docs/cache.md)',
  },
  'cache-clear': { type: 'boolean', description: 'Remove the project\'s cache (only the files phicode wrote there)' },
  phiemon: { type: 'boolean', description: 'Run the module as a supervised background daemon; returns once it runs (docs/phiemon.md)' },
  name: {
    type: 'string',
    valueHint: 'name',
    description: 'With --phiemon: the daemon\'s name (default: the module\'s file name); letters, digits, . _ -, at most 64',
  },
  'max-restarts': { type: 'string', valueHint: 'n', description: 'With --phiemon: crash restarts in a row before the daemon is errored (default 5)' },
  watch: { type: 'boolean', description: 'With --phiemon: restart the app when a file of its project changes' },
  'phiemon-grace': { type: 'string', valueHint: 'duration', description: 'With --phiemon: on stop, SIGKILL this long after SIGTERM (default 5s; 500ms, 10s, 1m)' },
  'phiemon-stable': { type: 'string', valueHint: 'duration', description: 'With --phiemon: a run this long resets the crash count and the backoff (default 30s)' },
  'phiemon-log-size': { type: 'string', valueHint: 'size', description: 'With --phiemon: rotate the daemon\'s log at this size (default 10M; 512K, 1G)' },
  'phiemon-log-files': { type: 'string', valueHint: 'n', description: 'With --phiemon: rotated log files kept (default 3)' },
  'phiemon-status': { type: 'boolean', description: 'Show one daemon (give its name) or all: status, pid, uptime, restarts, memory' },
  'phiemon-list': { type: 'boolean', description: 'List every daemon: name, status, pid, uptime, restarts, memory' },
  'phiemon-stop': { type: 'boolean', description: 'Stop a daemon (name, or --all): SIGTERM to its process group, SIGKILL after the grace period' },
  'phiemon-restart': { type: 'boolean', description: 'Restart a daemon\'s app under the same name, log and settings' },
  'phiemon-logs': { type: 'boolean', description: 'Print a daemon\'s log: timestamped stdout, stderr and supervisor lines' },
  'phiemon-delete': { type: 'boolean', description: 'Stop a daemon (name, or --all) and remove its state and logs' },
  all: { type: 'boolean', description: 'With --phiemon-stop or --phiemon-delete: every daemon' },
  follow: { type: 'boolean', description: 'With --phiemon-logs: keep printing new lines until interrupted' },
  lines: { type: 'string', valueHint: 'n', description: 'With --phiemon-logs: how many of the last lines to print first (default 20)' },
  benchmark: {
    type: 'boolean',
    description: 'Run the benchmark suite; reports go to .(φ)/benchmark_results/ (docs/benchmark.md). Asks which scenarios in a terminal',
  },
  full: { type: 'boolean', description: 'With --benchmark: larger inputs and more rounds (about a minute or two)' },
  scenarios: {
    type: 'string',
    valueHint: 'list',
    description: 'With --benchmark: which to run, comma-separated: transpile, startup, cache, imports, concurrency, api, user (default: all)',
  },
  test: {
    type: 'boolean',
    description: 'Run tests with bun test: *.test.φ, *_test.φ, *.spec.φ, *_spec.φ and Bun\'s own *.test.ts …. Every word after --test is bun test\'s: paths, -t, --watch, --coverage, --bail …',
  },
  build: {
    type: 'string',
    valueHint: 'entry',
    description: 'Bundle an entry with the φ plugin (Bun.build): into --outdir (default dist), or with --compile one standalone executable',
  },
  outdir: { type: 'string', valueHint: 'dir', description: 'With --build: where the bundle goes (default dist)' },
  outfile: { type: 'string', valueHint: 'file', description: 'With --build --compile: the executable to write (default: the entry\'s name)' },
  compile: { type: 'boolean', description: 'With --build: a standalone executable that needs neither phicode nor Bun' },
  target: {
    type: 'string',
    valueHint: 'target',
    description: 'With --build: bun (default), node or browser; with --compile, a platform such as bun-linux-arm64 or bun-darwin-arm64',
  },
  minify: { type: 'boolean', description: 'With --build: minify the output' },
  sourcemap: { type: 'boolean', description: 'With --build: write source maps (linked), so errors name φ lines' },
} as const satisfies ArgsDef

export type Args = typeof ARGS

/** Phiemon's actions: `phiemon` starts a daemon, the others manage daemons. */
export const PHIEMON_ACTIONS = ['phiemon', 'phiemon-status', 'phiemon-list', 'phiemon-stop', 'phiemon-restart', 'phiemon-logs', 'phiemon-delete'] as const
export type PhiemonAction = (typeof PHIEMON_ACTIONS)[number]

/** Phiemon's other options, each with the actions it goes with (refused without one of them). */
export const PHIEMON_OPTIONS: Record<string, readonly PhiemonAction[]> = {
  name: ['phiemon', 'phiemon-status', 'phiemon-stop', 'phiemon-restart', 'phiemon-logs', 'phiemon-delete'],
  'max-restarts': ['phiemon'],
  watch: ['phiemon'],
  'phiemon-grace': ['phiemon'],
  'phiemon-stable': ['phiemon'],
  'phiemon-log-size': ['phiemon'],
  'phiemon-log-files': ['phiemon'],
  follow: ['phiemon-logs'],
  lines: ['phiemon-logs'],
  all: ['phiemon-stop', 'phiemon-delete'],
}
