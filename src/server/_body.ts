import { HttpError } from './_http'

const utf8 = new TextDecoder('utf-8', { fatal: true })

async function readCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes)
  // With a declared length within the limit, Bun can read it in one go; only a chunked body is counted as it comes.
  if (declared !== null) return new Uint8Array(await req.arrayBuffer())
  if (!req.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // The 413 is the answer; a client already gone makes the cancel reject, which changes nothing.
      await reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, `request body is larger than ${maxBytes} bytes`, { headers: { Connection: 'close' } })

/** The request body as a JSON object: 413 past `maxBytes`, 400 for anything but a UTF-8 JSON object. */
export async function readJsonObject(req: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const bytes = await readCapped(req, maxBytes)
  if (bytes.byteLength === 0) throw new HttpError(400, 'request body is empty; expected a JSON object')
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw new HttpError(400, 'request body is not valid UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON (${(error as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, `request body must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`)
  }
  return value as Record<string, unknown>
}
