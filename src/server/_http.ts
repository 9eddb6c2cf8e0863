import type { Finding } from '../security/types'
import type { ErrorBody } from './types'

export interface HttpErrorOptions {
  field?: string
  findings?: Finding[]
  /** Where in the submitted code the problem is. */
  at?: { line: number; column: number }
  headers?: Record<string, string>
}

/** An answer other than 2xx, thrown from anywhere in a handler and turned into a JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: HttpErrorOptions = {},
  ) {
    super(message)
  }
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } })
}

/** Serialized bodies of answers that do not change while the server runs, and how often they were reused. */
export interface BodyCache {
  texts: Map<string, string>
  hits: number
  misses: number
}

export const createBodyCache = (): BodyCache => ({ texts: new Map(), hits: 0, misses: 0 })

/** A 200 JSON body serialized once into `cache` under `key`. */
export function cachedJson(cache: BodyCache, key: string, compute: () => unknown): Response {
  let text = cache.texts.get(key)
  if (text === undefined) {
    cache.misses++
    cache.texts.set(key, (text = JSON.stringify(compute())))
  } else cache.hits++
  return new Response(text, { headers: JSON_HEADERS })
}

export function errorResponse(error: HttpError): Response {
  const { field, findings, at } = error.options
  const body: ErrorBody = findings ? { success: false, error: error.message, findings } : { success: false, error: error.message, field, ...at }
  return json(body, error.status, error.options.headers)
}

/** What a client sees when the server itself fails: nothing about why. */
export const internalError = (): Response => json({ success: false, error: 'internal server error' } satisfies ErrorBody, 500)
