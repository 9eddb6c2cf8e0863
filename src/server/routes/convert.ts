import { convert as convertCode } from '../../transpile/convert'
import { decideDialect, DEFAULT_PHI_EXTENSION, kindOf } from '../../kinds'
import { TranspileError } from '../../transpile/error'
import type { Dialect } from '../../transpile/types'
import { readJsonObject } from '../_body'
import { HttpError, json } from '../_http'
import { parseBody } from '../_parse'
import type { Handler } from '../context'
import type { ConvertResponse } from '../shapes'

const PHI_NAME = `main${DEFAULT_PHI_EXTENSION}`

/** φ → python/typescript, or code → φ (`target: "phicode"`, dialect given or detected). */
export const convert: Handler = async (req, _server, ctx) => {
  const { code, target, dialect: asked } = parseBody(ctx.requests.ConvertRequest, await readJsonObject(req, ctx.options.limits.bodyBytes))
  if (asked && target !== 'phicode' && asked !== target) {
    throw new HttpError(400, `field 'dialect' is ${asked} but target is ${target}; φ converts only to its own dialect`, { field: 'dialect' })
  }
  const dialect: Dialect = target === 'phicode' ? (asked ?? decideDialect({ source: code, configured: ctx.config.config.language }).dialect) : target
  try {
    // φ text is read as a φ file is, with JSX: its text is never converted.
    const result = convertCode(code, target === 'phicode' ? 'reverse' : 'forward', { table: ctx.config.tables[dialect], jsx: kindOf(PHI_NAME)!.jsx })
    return json({ success: true, converted: result.code, symbols_used: result.symbolsUsed, target, dialect } satisfies ConvertResponse)
  } catch (error) {
    if (!(error instanceof TranspileError)) throw error
    throw new HttpError(422, `cannot convert: ${error.reason} (line ${error.line}, column ${error.column})`, {
      field: 'code',
      at: { line: error.line, column: error.column },
    })
  }
}
