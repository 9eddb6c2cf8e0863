export interface Checksummed {
  /** File name as listed, without a directory. */
  name: string
  sha256: string
}

export const sha256 = (data: Uint8Array): string => new Bun.CryptoHasher('sha256').update(data).digest('hex')

/** `SHA256SUMS` text in the format `sha256sum -c` reads: `<hex>  <file name>` per line. */
export const formatSha256sums = (files: readonly Checksummed[]): string =>
  files.map((f) => `${f.sha256}  ${f.name}\n`).join('')
