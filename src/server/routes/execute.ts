import { kindOf } from '../../kinds'
import { checkSource } from '../../security/check'
import { TranspileError } from '../../transpile/error'
import { readJsonObject } from '../_body'
import { HttpError, json } from '../_http'
import { parseBody } from '../_parse'
import type { Handler, ServerContext } from '../context'
import { planExecution, type ExecutionPlan } from '../plan'

/** Both scanner stages; any finding refuses the request (403), as does code that cannot be scanned. */
async function vet(code: string, plan: ExecutionPlan, ctx: ServerContext): Promise<void> {
  let findings
  try {
    findings = await checkSource(code, plan.dialect, { phi: plan.phi, table: ctx.config.tables[plan.dialect], jsx: kindOf(plan.file)?.jsx ?? false, engineFailure: 'closed' })
  } catch (error) {
    if (!(error instanceof TranspileError)) throw error
    throw new HttpError(422, `code cannot be scanned as ${plan.phi ? 'φ ' : ''}${plan.dialect}: ${error.reason}`, {
      field: 'code',
      at: { line: error.line, column: error.column },
    })
  }
  if (findings.length > 0) {
    throw new HttpError(403, `blocked by the security scanner: ${findings.map((f) => `${f.rule} at ${f.line}:${f.column}`).join(', ')}`, { findings })
  }
}

export const execute: Handler = async (req, server, ctx) => {
  const request = parseBody(ctx.requests.ExecuteRequest, await readJsonObject(req, ctx.options.limits.bodyBytes))
  const plan = planExecution(request.code, request.type, ctx.config)
  if (ctx.options.scan) await vet(request.code, plan, ctx)
  // From here the time is bounded by the queue wait and the execution limit, not by idleness.
  server.timeout(req, 0)
  const slot = await ctx.limiter.acquire(req.signal)
  let settled: Promise<void> = Promise.resolve()
  try {
    const outcome = await ctx.sandbox.run(
      { code: request.code, file: plan.file, flag: plan.flag, stdin: request.stdin, args: request.args, timeoutMs: request.timeout_ms },
      slot,
      req.signal,
    )
    settled = outcome.settled
    const { execution_time, timed_out, truncated } = outcome.response
    ctx.metrics.execution(plan.dialect, plan.phi, execution_time, timed_out, truncated)
    return json(outcome.response)
  } finally {
    void settled.then(() => ctx.limiter.release(slot))
  }
}
