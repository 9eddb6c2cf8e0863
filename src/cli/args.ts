/**
 * The command line, declared once: parsing (argv.ts), the --help text (commands/help.ts), the
 * check that at most one command is asked for and the check that every option goes with the
 * command chosen (check.ts) are all read from this table. A new option is added here and
 * nowhere else; test/e2e/cli/contract.test.ts then checks that it reaches a program when placed
 * after a module (unless it is a runner flag).
 */
import type { OptionDef } from './types'

/** The commands that run code (a module, `-c`, a REPL): the interpreter flags choose where. */
const MODULE_COMMANDS = ['run', 'phiemon', 'code', 'repl'] as const

/** The commands that print a --json form. */
const JSON_COMMANDS = [
  'version', 'convert', 'config-generate', 'config-reset', 'list-interpreters', 'show-versions', 'cache-stats', 'cache-clear', 'api-server',
  'security-status', 'security-install', 'benchmark', 'build', 'phiemon', 'phiemon-status', 'phiemon-list', 'phiemon-stop', 'phiemon-restart',
  'phiemon-logs', 'phiemon-delete', 'symbols', 'check', 'phiemon-save', 'phiemon-resurrect', 'phiemon-startup', 'python-install-hook',
] as const

/**
 * Every option phicode understands. `command`: the option is a command of its own (at most one
 * per line; none means `run`); `operand`: what a bare word after it is; `with`: the commands it
 * means something with (absent: all); `runner`: one of the seed's runner flags, still phicode's
 * after the module name (every other word there is the program's).
 */
export const ARGS = {
  module: { type: 'positional', required: false, description: 'Module to run: a path, or a name looked up as name.φ, name.py, name.ts … (default: main)' },
  help: { type: 'boolean', alias: 'h', description: 'Show this help' },
  version: { type: 'boolean', alias: 'v', description: 'Print the version (with --json: version, commit, Bun, target)', command: true, operand: 'none' },
  json: { type: 'boolean', description: 'Machine-readable JSON output for the command given', with: JSON_COMMANDS },
  debug: { type: 'boolean', description: 'Verbose logging, and stack traces for phicode\'s own errors', runner: true },
  convert: { type: 'string', valueHint: 'path…|-', description: 'Convert files and directory trees (or - for stdin) between φ and plain code; one file prints to stdout unless -o', command: true, operand: 'paths' },
  to: { type: 'enum', options: ['phicode', 'python', 'typescript'], description: 'With --convert: the target (default: from the file name, then from the content)', with: ['convert'] },
  dialect: { type: 'enum', options: ['python', 'typescript'], description: 'With --convert, -c, -, --symbols, --check, --repl: the φ dialect (default: extension, pragma, config, then content)', with: ['convert', 'code', 'run', 'symbols', 'check', 'repl'] },
  output: { type: 'string', alias: 'o', valueHint: 'file|dir', description: 'With --convert: write one file here, or mirror the inputs into this directory (a trailing / or several inputs)', with: ['convert'] },
  'in-place': { type: 'boolean', description: 'With --convert: write each conversion beside its source (the source stays)', with: ['convert'] },
  check: { type: 'boolean', description: 'Type-check the project\'s φ code (TypeScript; pyright for Python), reporting φ lines and columns for the paths given (default: all); with --convert: write nothing, exit 1 listing the files whose conversion differs from the file on disk', command: true, operand: 'paths', with: ['convert'] },
  python: { type: 'boolean', description: 'Run on Python; the analysis picks PyPy for pure Python when installed, else CPython', with: MODULE_COMMANDS, runner: true },
  cpython: { type: 'boolean', description: 'Run on CPython (PHITON_PATH, else python3 on PATH)', with: MODULE_COMMANDS, runner: true },
  pypy: { type: 'boolean', description: 'Run on PyPy (PHIPY_PATH, else pypy3 on PATH)', with: MODULE_COMMANDS, runner: true },
  node: { type: 'boolean', description: 'Run a TypeScript-dialect app on Node (PHINODE_PATH, else node on PATH)', with: MODULE_COMMANDS, runner: true },
  bun: { type: 'boolean', description: 'Run a TypeScript-dialect app in-process on the built-in Bun (the default)', with: MODULE_COMMANDS, runner: true },
  interpreter: { type: 'string', valueHint: 'path', description: 'Run on this Python or Node executable', with: MODULE_COMMANDS },
  'python-module': { type: 'boolean', alias: 'm', description: 'Run the module named next as python -m does, φ modules importable: phicode -m pytest, -m http.server, -m pkg.tool; every word after it is the module\'s', with: ['run'] },
  'list-interpreters': { type: 'boolean', description: 'List the interpreters found, with versions (shims resolved)', command: true, operand: 'none' },
  'show-versions': { type: 'boolean', description: 'Print the versions of phicode, its Bun and every interpreter found', command: true, operand: 'none' },
  bypass: { type: 'boolean', description: 'Skip the security scan of the module (with --api-server: of submitted code; the sandbox still applies)', with: [...MODULE_COMMANDS, 'api-server'], runner: true },
  'api-server': { type: 'boolean', description: 'Serve the HTTP API (/execute, /convert, /info, /symbols, /health, /ready, /metrics, /openapi.json) until SIGINT/SIGTERM', command: true, operand: 'none' },
  'api-port': { type: 'string', valueHint: 'port', description: 'With --api-server: the port (default 8000; 0 picks a free one)', with: ['api-server'] },
  'api-host': { type: 'string', valueHint: 'address', description: 'With --api-server: the address to bind (default 127.0.0.1; any other needs PHICODE_API_TOKEN)', with: ['api-server'] },
  'unsafe-sandbox': { type: 'boolean', description: 'With --api-server: serve a non-loopback address even where executions get no network and filesystem isolation', with: ['api-server'] },
  workers: { type: 'string', valueHint: 'n|auto', description: 'With --api-server: run N server processes on one port (Linux; auto = one per core); a dead one is replaced, SIGHUP reloads them; slots and queue are per worker', with: ['api-server'] },
  'security-status': { type: 'boolean', description: 'Show the security scanner\'s rules, the project\'s security mode and whether phimmuno-engine is installed', command: true, operand: 'none' },
  'security-install': { type: 'boolean', description: 'Download phimmuno-engine into ~/.phicode/bin (checksum verified; PHICODE_RELEASES_URL overrides the source)', command: true, operand: 'none' },
  'config-generate': { type: 'boolean', description: 'Write .(φ)/config.json with every default symbol, ready to edit', command: true, operand: 'none' },
  'config-reset': { type: 'boolean', description: 'Remove the project\'s config file, back to the defaults', command: true, operand: 'none' },
  force: { type: 'boolean', description: 'With --config-generate: overwrite an existing config; with --convert: replace files of the other form', with: ['config-generate', 'convert'] },
  'cache-stats': { type: 'boolean', description: 'Show the project\'s cache: where it is, and per layer hits, misses, entries and bytes (docs/cache.md)', command: true, operand: 'none' },
  'cache-clear': { type: 'boolean', description: 'Remove the project\'s cache (only the files phicode wrote there) and the run plans of its entries', command: true, operand: 'none' },
  'python-install-hook': { type: 'boolean', description: 'Write a .pth into python3\'s site-packages (PHITON_PATH, else python3) so every start of that environment imports φ modules and runs φ scripts', command: true, operand: 'none' },
  phiemon: { type: 'boolean', description: 'Run the module as a supervised background daemon; returns once it runs (docs/phiemon.md)', command: true, operand: 'module', runner: true },
  name: { type: 'string', valueHint: 'name', description: 'With --phiemon: the daemon\'s name (default: the module\'s file name); letters, digits, . _ -, at most 64', with: ['phiemon', 'phiemon-status', 'phiemon-stop', 'phiemon-restart', 'phiemon-logs', 'phiemon-delete'], runner: true },
  'max-restarts': { type: 'string', valueHint: 'n', description: 'With --phiemon: crash restarts in a row before the daemon is errored (default 5)', with: ['phiemon'], runner: true },
  watch: { type: 'boolean', description: 'With --phiemon: restart the app when a file of its project changes', with: ['phiemon'] },
  'phiemon-grace': { type: 'string', valueHint: 'duration', description: 'With --phiemon: on stop, SIGKILL this long after SIGTERM (default 5s; 500ms, 10s, 1m)', with: ['phiemon'] },
  'phiemon-stable': { type: 'string', valueHint: 'duration', description: 'With --phiemon: a run this long resets the crash count and the backoff (default 30s)', with: ['phiemon'] },
  'phiemon-startup-grace': { type: 'string', valueHint: 'duration', description: 'With --phiemon: the app must stay up this long to count as started; an exit sooner fails the start with its exit code and output (default 1s; 0 returns at once)', with: ['phiemon'] },
  'phiemon-log-size': { type: 'string', valueHint: 'size', description: 'With --phiemon: rotate the daemon\'s log at this size (default 10M; 512K, 1G)', with: ['phiemon'] },
  'phiemon-log-files': { type: 'string', valueHint: 'n', description: 'With --phiemon: rotated log files kept (default 3)', with: ['phiemon'] },
  'phiemon-status': { type: 'boolean', description: 'Show one daemon (give its name) or all: status, pid, uptime, restarts, memory', command: true, operand: 'name' },
  'phiemon-list': { type: 'boolean', description: 'List every daemon: name, status, pid, uptime, restarts, memory', command: true, operand: 'none' },
  'phiemon-stop': { type: 'boolean', description: 'Stop a daemon (name, or --all): SIGTERM to its process group, SIGKILL after the grace period', command: true, operand: 'name' },
  'phiemon-restart': { type: 'boolean', description: 'Restart a daemon\'s app under the same name, log and settings', command: true, operand: 'name' },
  'phiemon-logs': { type: 'boolean', description: 'Print a daemon\'s log: timestamped stdout, stderr and supervisor lines', command: true, operand: 'name' },
  'phiemon-delete': { type: 'boolean', description: 'Stop a daemon (name, or --all) and remove its state and logs', command: true, operand: 'name' },
  all: { type: 'boolean', description: 'With --phiemon-stop or --phiemon-delete: every daemon', with: ['phiemon-stop', 'phiemon-delete'] },
  follow: { type: 'boolean', description: 'With --phiemon-logs: keep printing new lines until interrupted', with: ['phiemon-logs'] },
  lines: { type: 'string', valueHint: 'n', description: 'With --phiemon-logs: how many of the last lines to print first (default 20)', with: ['phiemon-logs'] },
  'phiemon-save': { type: 'boolean', description: 'Record the daemons running now (with the environment each was started with) for --phiemon-resurrect', command: true, operand: 'none' },
  'phiemon-resurrect': { type: 'boolean', description: 'Start every daemon --phiemon-save recorded that is not running, with its recorded environment', command: true, operand: 'none' },
  'phiemon-startup': { type: 'enum', options: ['systemd'], description: 'Write a systemd unit that runs --phiemon-resurrect at boot (to /etc/systemd/system, or with --user to ~/.config/systemd/user) and print how to enable it', command: true, operand: 'none' },
  user: { type: 'boolean', description: 'With --phiemon-startup: a user unit (systemctl --user) instead of a system one; with --python-install-hook: into your user site-packages', with: ['phiemon-startup', 'python-install-hook'] },
  'phiemon-unit-dir': { type: 'string', valueHint: 'dir|-', description: 'With --phiemon-startup: write the unit into this directory instead; - prints it', with: ['phiemon-startup'] },
  benchmark: { type: 'boolean', description: 'Run the benchmark suite; reports go to .(φ)/benchmark_results/ (docs/benchmark.md). Asks which scenarios in a terminal', command: true },
  full: { type: 'boolean', description: 'With --benchmark: larger inputs and more rounds (about a minute or two)', with: ['benchmark'] },
  scenarios: { type: 'string', valueHint: 'list', description: 'With --benchmark: which to run, comma-separated: transpile, startup, cache, imports, concurrency, api, user (default: all)', with: ['benchmark'] },
  test: { type: 'boolean', description: 'Run tests with bun test: *.test.φ, *_test.φ, *.spec.φ, *_spec.φ and Bun\'s own *.test.ts …. Every word after --test is bun test\'s: paths, -t, --watch, --coverage, --bail … In a Python project (pyproject.toml …): pytest, with test_*.φ', command: true },
  build: { type: 'string', valueHint: 'entry', description: 'Bundle an entry with the φ plugin (Bun.build): into --outdir (default dist), or with --compile one standalone executable', command: true },
  outdir: { type: 'string', valueHint: 'dir', description: 'With --build: where the bundle goes (default dist)', with: ['build'] },
  outfile: { type: 'string', valueHint: 'file', description: 'With --build --compile: the executable to write (default: the entry\'s name)', with: ['build'] },
  compile: { type: 'boolean', description: 'With --build: a standalone executable that needs neither phicode nor Bun', with: ['build'] },
  target: { type: 'string', valueHint: 'target', description: 'With --build: bun (default), node or browser; with --compile, a platform such as bun-linux-arm64 or bun-darwin-arm64', with: ['build'] },
  minify: { type: 'boolean', description: 'With --build: minify the output', with: ['build'] },
  sourcemap: { type: 'boolean', description: 'With --build: write source maps (linked), so errors name φ lines', with: ['build'] },
  lsp: { type: 'boolean', description: 'Serve the Language Server Protocol over stdin/stdout for φ files of both dialects (editors start it: editors/)', command: true, operand: 'none' },
  stdio: { type: 'boolean', description: 'With --lsp: accepted for clients that always pass it; stdin/stdout is the only transport', with: ['lsp'] },
  code: { type: 'string', alias: 'c', valueHint: 'code', description: 'Run CODE, a φ program given as one argument, as python -c does (`phicode -` reads the program from stdin); every word after it is the program\'s', command: true, rest: true },
  repl: { type: 'boolean', description: 'An interactive φ session with history and multi-line blocks: --dialect python (in the chosen Python, φ imports active) or typescript (in-process on Bun; default unless the project is Python)', command: true, operand: 'none' },
  symbols: { type: 'boolean', description: 'Print the active symbol table, the project\'s config applied (--dialect: one dialect only)', command: true, operand: 'none' },

} as const satisfies Record<string, OptionDef>

export type Args = typeof ARGS
/** Phiemon's actions: `phiemon` starts a daemon, the others manage daemons. */
const PHIEMON_ACTIONS = ['phiemon', 'phiemon-status', 'phiemon-list', 'phiemon-stop', 'phiemon-restart', 'phiemon-logs', 'phiemon-delete', 'phiemon-save', 'phiemon-resurrect', 'phiemon-startup'] as const
export type PhiemonAction = (typeof PHIEMON_ACTIONS)[number]
