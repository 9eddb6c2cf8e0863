/**
 * The compatibility cases: each is a hand-written TypeScript original under test/fixtures/compat
 * and its φ twin beside it (same name, `.φ`). The oracle is whatever `bun <original>` prints.
 * A new case: write the original, check what `bun` prints, then commit its twin made with
 * `dist/phicode --convert <original> --to phicode -o <twin>.φ`.
 */

export interface CompatCase {
  /** The original, relative to test/fixtures/compat; it runs from its own directory. */
  original: string
  /** What the case shows; the test is named after it. */
  covers: string
  /** The program's own arguments, the same for both runs. */
  args?: string[]
  /**
   * `full`: stderr must be identical. `errors`: the run dies of an uncaught error, whose code frame
   * quotes the source (φ lines for the φ run): compared after reduction (see observe.ts).
   */
  stderr?: 'full' | 'errors'
  /** Bun's exit code for the original (default 0): a fixture broken for Bun too fails, not passes. */
  exit?: number
}

export interface ServerCase {
  original: string
  covers: string
  /**
   * Sent in order once the port accepts connections; the answers of both runs must match, and Bun's
   * statuses must be these (a fixture broken for Bun too fails, not passes).
   */
  requests: Array<{ method: 'GET' | 'POST'; path: string; json?: unknown; status: number }>
}

export const CASES: CompatCase[] = [
  { original: 'nanoid.ts', covers: 'nanoid: ESM-only, subpath export nanoid/non-secure' },
  { original: 'chalk.ts', covers: 'chalk 5: ESM-only, package.json "imports" (#ansi-styles)' },
  { original: 'p-limit.ts', covers: 'p-limit: ESM-only with an ESM-only dependency (yocto-queue)' },
  { original: 'change-case.ts', covers: 'change-case: ESM-only, subpath export change-case/keys' },
  { original: 'd3.ts', covers: 'd3-array, d3-scale, d3-format: ESM-only modules with d3-* dependencies' },
  { original: 'valibot.ts', covers: 'valibot: validation, ESM-only' },
  { original: 'marked.ts', covers: 'marked: ESM, renderer extension' },
  { original: 'lodash.ts', covers: 'lodash: CJS-only, named imports from CJS, deep imports lodash/chunk and lodash/fp' },
  { original: 'semver.ts', covers: 'semver: CJS-only, deep imports semver/functions/* and semver/classes/*' },
  { original: 'dayjs.ts', covers: 'dayjs: CJS date library, plugins by deep import with and without .js' },
  { original: 'ajv.ts', covers: 'ajv: CJS validation, default export interop, deep import ajv/dist/2020, a console.warn' },
  { original: 'ms-picocolors.ts', covers: 'ms, picocolors: CJS without "exports"' },
  { original: 'require-js-yaml.ts', covers: 'js-yaml: require() as the first statement of a φ entry; require() of dual packages and JSON' },
  { original: 'uuid.ts', covers: 'uuid: dual, nested "exports" conditions (node → default)' },
  { original: 'rxjs.ts', covers: 'rxjs: dual, subpath rxjs/operators, subpath pattern "./internal/*" (node condition)' },
  { original: 'acorn.ts', covers: 'acorn, acorn-walk: dual packages, parse errors' },
  { original: 'yaml.ts', covers: 'yaml: CJS with "exports", subpath yaml/util' },
  { original: 'immer.ts', covers: 'immer: dual, produce and patches' },
  { original: 'superjson.ts', covers: 'superjson: ESM, Date/Map/Set/BigInt/RegExp round trip' },
  { original: 'lru-cache.ts', covers: 'lru-cache: dual ("import" → dist/esm), eviction' },
  { original: 'date-fns.ts', covers: 'date-fns: dual, one subpath export per function, locale subpath' },
  { original: 'luxon.ts', covers: 'luxon: time zones across a DST change, durations, intervals' },
  { original: 'zod.ts', covers: 'zod: validation, transforms, issues' },
  { original: 'fast-check.ts', covers: 'fast-check: seeded property runs and shrinking' },
  { original: 'consola.ts', covers: 'consola: reporters on stdout and stderr, consola/utils subpath' },
  { original: 'ofetch.ts', covers: 'ofetch: JSON, retries and FetchError against a local Bun.serve on 127.0.0.1' },
  { original: 'node-builtins.ts', covers: 'node: builtins (crypto, zlib, events, stream, fs/promises, util, assert)' },
  { original: 'bun-builtins.ts', covers: 'bun:sqlite, Bun.$ builtins, Bun.Glob, Bun.file, Bun.hash/semver/deepEquals/inspect' },
  { original: 'json-imports.ts', covers: 'JSON imports with { type: "json" }: own package.json, data file, a package\'s package.json, dynamic' },
  { original: 'import-meta-resolve.ts', covers: 'import.meta.resolve and require.resolve: bun/node/import/require conditions, main, deep imports, pattern, files, builtins, failure' },
  { original: 'tsconfig-paths.ts', covers: 'tsconfig paths (no baseUrl, which would let bare names hit the fixtures): folder and file aliases, static, dynamic, import.meta.resolve' },
  { original: 'preact.tsx', covers: 'preact + preact-render-to-string: JSX through tsconfig jsxImportSource' },
  { original: 'hono-jsx/page.tsx', covers: 'hono/jsx: JSX through a folder tsconfig jsxImportSource, rendered by a Hono route' },
  { original: 'decorators/tsyringe.ts', covers: 'tsyringe + reflect-metadata: legacy decorators, emitDecoratorMetadata injection' },
  { original: 'commander.ts', covers: 'commander: subcommand and options', args: ['greet', 'Ada', '--shout', '--times', '2'] },
  { original: 'commander.ts', covers: 'commander: invalid option value, its error and exit code', args: ['greet', 'Ada', '--times', 'zero'], exit: 1 },
  { original: 'yargs.ts', covers: 'yargs: command with positionals, yargs/helpers subpath', args: ['add', '2', '3', '--verbose'] },
  { original: 'yargs.ts', covers: 'yargs: missing positional, usage on stderr and exit 1', args: ['add', '2'], exit: 1 },
  { original: 'citty.ts', covers: 'citty: positional and flags', args: ['hello', '--count', '2', '--upper'] },
  { original: 'monorepo/packages/app/main.ts', covers: 'workspace: linked package with import/require/bun conditions, pattern and null exports, hono from a higher node_modules' },
  { original: 'monorepo/packages/decorated/decorated.ts', covers: 'workspace: legacy decorators and design:type metadata through two tsconfig extends' },
  { original: 'missing-package.ts', covers: 'a missing package: the error names the package and the importing file', stderr: 'errors', exit: 1 },
  { original: 'uncaught-error.ts', covers: 'an uncaught TypeError from semver: error line, stack through node_modules and the entry', stderr: 'errors', exit: 1 },
  { original: 'thrown-in-entry.ts', covers: 'an uncaught RangeError thrown by the entry: code frame, caret and stack on its own lines', stderr: 'errors', exit: 1 },
  { original: 'zod-uncaught.ts', covers: 'an uncaught ZodError: message and exit code', stderr: 'errors', exit: 1 },
]

export const SERVER_CASES: ServerCase[] = [
  {
    original: 'servers/hono.ts',
    covers: 'hono: export default { hostname, port, fetch } auto-served by Bun',
    requests: [
      { method: 'GET', path: '/hello/Ada?q=φ', status: 200 },
      { method: 'POST', path: '/echo', json: { list: [1, 2], nested: { ok: true } }, status: 201 },
      { method: 'GET', path: '/forbidden', status: 403 },
      { method: 'GET', path: '/missing', status: 404 },
    ],
  },
  {
    original: 'servers/express.ts',
    covers: 'express: app.listen on 127.0.0.1, JSON body parsing, 404 handler, close on SIGTERM',
    requests: [
      { method: 'GET', path: '/users/42?admin=1', status: 200 },
      { method: 'POST', path: '/echo', json: { name: 'φ' }, status: 201 },
      { method: 'GET', path: '/nowhere', status: 404 },
    ],
  },
]
