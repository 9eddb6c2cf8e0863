const digest = (text: string): Uint8Array => new Bun.CryptoHasher('sha256').update(text).digest()

/** Compares two digests in time independent of where they differ. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0)
  return diff === 0
}

/** `Authorization: Bearer <token>`, compared in constant time. */
export function authorized(req: Request, token: string): boolean {
  const header = req.headers.get('authorization') ?? ''
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
  return match !== null && sameDigest(digest(match[1]!), digest(token))
}
