/**
 * Every request and response of the API, declared once. Request parsing (`_parse.ts`), the
 * TypeScript types below and the OpenAPI document (`routes/openapi.ts`) are all derived from
 * these; a field added here is parsed, typed and documented at once.
 */
import { z } from 'zod'
import type { ServerLimits } from './types'

export const EXECUTE_TYPES = ['auto', 'phicode', 'python', 'typescript'] as const
const TARGETS = ['phicode', 'python', 'typescript'] as const
export const DIALECTS = ['python', 'typescript'] as const

const Dialect = z.enum(DIALECTS)

/**
 * The request shapes of one server: `timeout_ms` is bounded and defaulted by its limits, so
 * the document it serves states them.
 */
export function requestShapes(limits: Pick<ServerLimits, 'maxTimeoutMs' | 'defaultTimeoutMs'>) {
  const ExecuteRequest = z.object({
    code: z.string().describe('Source code; written to a file, never put on a command line'),
    type: z
      .enum(EXECUTE_TYPES)
      .default('auto')
      .describe('auto: φ when the code holds a φ symbol or pragma, else plain; the dialect by pragma, config, then content'),
    stdin: z.string().default('').describe('Given to the program on standard input'),
    args: z
      .array(z.string().regex(/^[^\0]*$/, 'holds a NUL character'))
      .max(1000)
      .default([])
      .describe("The program's arguments (sys.argv[1:], process.argv.slice(2))"),
    timeout_ms: z
      .int()
      .min(1)
      .max(limits.maxTimeoutMs)
      .default(limits.defaultTimeoutMs)
      .describe('Wall-clock limit in milliseconds, at most this server\'s maximum'),
  })
  const ConvertRequest = z.object({
    code: z.string(),
    target: z.enum(TARGETS).describe('phicode: plain code → φ; python/typescript: φ → plain code'),
    dialect: Dialect.optional().describe('With target phicode: the dialect of the code (detected when absent)'),
  })
  return { ExecuteRequest, ConvertRequest }
}

export type RequestShapes = ReturnType<typeof requestShapes>
type ExecuteRequest = z.output<RequestShapes['ExecuteRequest']>
export type ExecuteType = ExecuteRequest['type']

export const ExecuteResponse = z.object({
  success: z.boolean().describe('exit code 0, not timed out, not truncated'),
  output: z.string().describe('stdout'),
  stderr: z.string(),
  error: z
    .string()
    .nullable()
    .describe('null on success (as the seed engine answered); else stderr, or why the run failed when stderr is empty'),
  exit_code: z.int().nullable().describe('null when the program was killed'),
  execution_time: z.number().describe('wall-clock seconds'),
  timed_out: z.boolean(),
  truncated: z.boolean().describe('output passed the cap; the program was stopped there'),
  signal: z.string().nullable().describe('the signal that ended the program'),
})
export type ExecuteResponse = z.output<typeof ExecuteResponse>

export const ConvertResponse = z.object({
  success: z.literal(true),
  converted: z.string(),
  symbols_used: z.array(z.string()).describe('the φ symbols the conversion read or wrote, in table order'),
  target: z.enum(TARGETS),
  dialect: Dialect,
})
export type ConvertResponse = z.output<typeof ConvertResponse>

export const Finding = z.object({
  rule: z.string(),
  severity: z.enum(['high', 'medium']),
  message: z.string(),
  line: z.int(),
  column: z.int().describe('code points, 1-based'),
  match: z.string(),
})

export const ErrorReply = z.object({
  success: z.literal(false),
  error: z.string(),
  field: z.string().optional().describe('the request field at fault'),
  line: z.int().optional(),
  column: z.int().optional(),
})

export const Blocked = z.object({
  success: z.literal(false),
  error: z.string(),
  findings: z.array(Finding),
})
export type ErrorBody = z.output<typeof ErrorReply> | z.output<typeof Blocked>

const Version = z.object({ kind: z.string(), version: z.string() })

export const Info = z.object({
  success: z.literal(true),
  engine: z.string().describe('the seed engine\'s field: "(φ) Phicode Engine"'),
  badge: z.string().describe('the seed engine\'s field: "(φ)"'),
  symbol: z.string().describe('the seed engine\'s field: "φ"'),
  python_info: z.string().nullable().describe('the Python the server runs, as "<implementation> <major>.<minor>" (e.g. "cpython 3.11"); null when there is none'),
  api_version: z.string().describe('phicode\'s version'),
  name: z.literal('phicode'),
  version: z.string(),
  commit: z.string(),
  bun: z.string(),
  target: z.string(),
  types: z.array(z.enum(EXECUTE_TYPES)),
  dialects: z.array(Dialect),
  interpreters: z.object({ python: Version.nullable(), typescript: Version }),
  limits: z.object({
    max_body_bytes: z.int(),
    concurrency: z.int(),
    queue: z.int(),
    default_timeout_ms: z.int(),
    max_timeout_ms: z.int(),
    max_output_bytes: z.int(),
    max_processes: z.int(),
    max_memory_bytes: z.int(),
    max_file_bytes: z.int(),
  }),
  security: z.object({ scan: z.boolean(), rules: z.int(), engine: z.boolean().describe('phimmuno-engine installed') }),
  sandbox: z.enum(['uid', 'process-group']),
  isolation: z.object({
    network: z.enum(['none', 'host']).describe('none: each execution has a network namespace with only its own lo (PHICODE_API_NETWORK=on gives host)'),
    filesystem: z.enum(['private', 'host']).describe('private: a bubblewrap view with the interpreters read-only, its own directory, an empty /tmp'),
    memory: z.enum(['cgroup', 'python-rlimit', 'none']).describe('cgroup: max_memory_bytes holds for every language; python-rlimit: for Python only; none: no memory limit (macOS, Windows)'),
    cgroup: z.enum(['v1', 'v2']).nullable(),
    uid_per_slot: z.boolean(),
    missing: z.array(z.string()).describe('each protection this host could not give; empty when all are in force'),
  }),
  auth: z.enum(['bearer', 'none']),
})
export type Info = z.output<typeof Info>

const KeywordToSymbol = z.record(z.string(), z.string())

export const Symbols = z.object({
  success: z.literal(true),
  python_to_phicode: KeywordToSymbol.describe('python dialect, keyword → symbol (the seed engine\'s field)'),
  phicode_to_python: KeywordToSymbol.describe('python dialect, symbol → keyword (the seed engine\'s field)'),
  symbol_count: z.int().describe('entries in python_to_phicode'),
  symbols: KeywordToSymbol.describe('python dialect, keyword → symbol'),
  dialects: z.object({ python: KeywordToSymbol, typescript: KeywordToSymbol }),
})
export type Symbols = z.output<typeof Symbols>

export const Health = z.object({
  status: z.literal('ok'),
  uptime: z.int().describe('seconds'),
  running: z.int(),
  waiting: z.int(),
})
export type Health = z.output<typeof Health>

export const Ready = z.object({
  status: z.enum(['ready', 'draining', 'busy']).describe('ready: 200; draining (the server is stopping or being replaced) and busy (every slot running and the queue full): 503'),
  running: z.int().describe('executions running'),
  waiting: z.int().describe('executions queued for a slot'),
  slots: z.int().describe('executions this process runs at once'),
  queue: z.int().describe('executions this process queues at most'),
})
export type Ready = z.output<typeof Ready>
