/**
 * SHA-256, first 128 bits, as 32 hex digits: the digest of entry bodies and the content keys.
 * Collision-resistant, because a key names code that will run; and on small inputs it costs
 * about a microsecond, as much as a non-cryptographic hash would here.
 */
export function digestHex(...parts: Array<string | Uint8Array>): string {
  if (parts.length === 1) return Bun.SHA256.hash(parts[0]!, 'hex').slice(0, 32)
  const hasher = new Bun.CryptoHasher('sha256')
  for (const part of parts) hasher.update(part)
  return hasher.digest('hex').slice(0, 32)
}

/** A key derived from the parts that decide an entry's content: separated, so no two part lists collide. */
export function contentKey(fields: readonly string[], content: string | Uint8Array): string {
  return digestHex(fields.map((f) => `${f.length}:${f}`).join('\0') + '\0', content)
}
