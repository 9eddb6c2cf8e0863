import { timingSafeEqual } from 'node:crypto'

const digest = (text: string) => new Bun.CryptoHasher('sha256').update(text).digest()

/** `Authorization: Bearer <token>`, compared in constant time. */
export function authorized(req: Request, token: string): boolean {
  const header = req.headers.get('authorization') ?? ''
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token))
}
