/**
 * Verifies a thin 64-bit Mach-O executable's code signature the way the macOS kernel and
 * `codesign --verify --strict` read it, written from Apple's published layout
 * (mach-o/loader.h, cs_blobs.h) and independent of build/codesign.ts, which writes signatures.
 * Every problem found is returned as one line; an empty list means the signature verifies.
 */
import { createHash } from 'node:crypto'

const MH_MAGIC_64 = 0xfeedfacf
const LC_SEGMENT_64 = 0x19
const LC_CODE_SIGNATURE = 0x1d
const SUPERBLOB = 0xfade0cc0
const CODEDIRECTORY = 0xfade0c02
const CMS_WRAPPER = 0xfade0b01
const CS_ADHOC = 0x2
const HASH_SHA256 = 2
/** Special slots: -1 Info.plist, -2 requirements, -3 resources, -4 application, -5 entitlements, -6 reserved, -7 DER entitlements. */
const SPECIAL_BLOB_TYPE: Record<number, number> = { 2: 2, 5: 5, 7: 7 }

export interface SignatureReport {
  problems: string[]
  pages: number
  badPages: number
  /** sha256 of the CodeDirectory, truncated to 20 bytes, as `codesign -d` prints it. */
  cdhash: string
  identifier: string
  flags: number
}

interface Segment {
  name: string
  fileoff: number
  filesize: number
  vmsize: number
}

export function verifyMachOSignature(file: Uint8Array): SignatureReport {
  const problems: string[] = []
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const report: SignatureReport = { problems, pages: 0, badPages: 0, cdhash: '', identifier: '', flags: 0 }
  if (view.getUint32(0, true) !== MH_MAGIC_64) {
    problems.push('not a thin 64-bit little-endian Mach-O file')
    return report
  }
  const ncmds = view.getUint32(16, true)
  const segments: Segment[] = []
  let sig: { dataoff: number; datasize: number } | undefined
  for (let i = 0, at = 32; i < ncmds; i++) {
    const cmd = view.getUint32(at, true)
    if (cmd === LC_SEGMENT_64) {
      segments.push({
        name: new TextDecoder().decode(file.subarray(at + 8, at + 24)).replace(/\0+$/, ''),
        vmsize: Number(view.getBigUint64(at + 32, true)),
        fileoff: Number(view.getBigUint64(at + 40, true)),
        filesize: Number(view.getBigUint64(at + 48, true)),
      })
    }
    if (cmd === LC_CODE_SIGNATURE) sig = { dataoff: view.getUint32(at + 8, true), datasize: view.getUint32(at + 12, true) }
    at += view.getUint32(at + 4, true)
  }
  if (!sig) {
    problems.push('no LC_CODE_SIGNATURE: the executable is not signed')
    return report
  }
  const linkedit = segments.find((s) => s.name === '__LINKEDIT')
  const text = segments.find((s) => s.name === '__TEXT')
  if (!linkedit || !text) {
    problems.push('no __TEXT or __LINKEDIT segment')
    return report
  }
  if (sig.dataoff % 16 !== 0) problems.push(`signature offset ${sig.dataoff} is not 16-byte aligned`)
  if (sig.dataoff + sig.datasize !== file.length) {
    problems.push(`signature ends at ${sig.dataoff + sig.datasize}, file at ${file.length}: bytes outside the signature`)
  }
  if (linkedit.fileoff + linkedit.filesize !== file.length) problems.push(`__LINKEDIT ends at ${linkedit.fileoff + linkedit.filesize}, file at ${file.length}`)
  if (linkedit.vmsize < linkedit.filesize) problems.push(`__LINKEDIT vmsize ${linkedit.vmsize} < filesize ${linkedit.filesize}`)

  const be = (at: number): number => view.getUint32(at, false)
  const base = sig.dataoff
  if (be(base) !== SUPERBLOB) {
    problems.push(`signature magic 0x${be(base).toString(16)} is not a SuperBlob`)
    return report
  }
  if (be(base + 4) > sig.datasize) problems.push(`SuperBlob length ${be(base + 4)} exceeds LC_CODE_SIGNATURE size ${sig.datasize}`)
  const blobs = new Map<number, Uint8Array>()
  for (let i = 0, count = be(base + 8); i < count; i++) {
    const type = be(base + 12 + i * 8)
    const offset = be(base + 16 + i * 8)
    const length = be(base + offset + 4)
    blobs.set(type, file.subarray(base + offset, base + offset + length))
  }
  const cd = blobs.get(0)
  if (!cd || be(cd.byteOffset - file.byteOffset) !== CODEDIRECTORY) {
    problems.push('no CodeDirectory in slot 0')
    return report
  }
  const at = cd.byteOffset - file.byteOffset
  const version = be(at + 8)
  report.flags = be(at + 12)
  const hashOffset = be(at + 16)
  const identOffset = be(at + 20)
  const nSpecial = be(at + 24)
  const nCode = be(at + 28)
  const codeLimit = be(at + 32)
  const hashSize = file[at + 36]!
  const hashType = file[at + 37]!
  const pageSize = 2 ** file[at + 39]!
  report.identifier = new TextDecoder().decode(file.subarray(at + identOffset, file.indexOf(0, at + identOffset)))
  report.cdhash = createHash('sha256').update(cd).digest('hex').slice(0, 40)
  report.pages = nCode

  if (hashType !== HASH_SHA256 || hashSize !== 32) problems.push(`hash type ${hashType} size ${hashSize}, expected SHA-256 (2, 32)`)
  if (codeLimit !== sig.dataoff) problems.push(`codeLimit ${codeLimit} is not the signature offset ${sig.dataoff}: bytes ${Math.min(codeLimit, sig.dataoff)}..${Math.max(codeLimit, sig.dataoff)} are unsigned`)
  if (nCode !== Math.ceil(codeLimit / pageSize)) problems.push(`${nCode} code slots for a code limit of ${codeLimit} (${Math.ceil(codeLimit / pageSize)} pages)`)
  if (hashOffset - nSpecial * hashSize < identOffset + report.identifier.length + 1) {
    problems.push(`the ${nSpecial} special slots before hashOffset ${hashOffset} overlap the identifier`)
  }
  if (hashOffset + nCode * hashSize !== cd.length) problems.push(`CodeDirectory length ${cd.length} != hashOffset + slots (${hashOffset + nCode * hashSize})`)
  if (version >= 0x20400) {
    const execBase = Number(view.getBigUint64(at + 64, false))
    const execLimit = Number(view.getBigUint64(at + 72, false))
    if (execBase !== text.fileoff || execLimit !== text.filesize) problems.push(`exec segment ${execBase}+${execLimit} is not __TEXT ${text.fileoff}+${text.filesize}`)
  }
  const cms = blobs.get(0x10000)
  if (cms && be(cms.byteOffset - file.byteOffset) === CMS_WRAPPER && cms.length > 8) {
    problems.push('a CMS signature (a signing identity) covers a CodeDirectory that is not the signer\'s: it cannot verify')
  }
  if (!(report.flags & CS_ADHOC) && !cms) problems.push('neither ad hoc nor signed by an identity')

  const sha = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest()
  for (let slot = 1; slot <= nSpecial; slot++) {
    const stored = file.subarray(at + hashOffset - slot * hashSize, at + hashOffset - (slot - 1) * hashSize)
    const blobType = SPECIAL_BLOB_TYPE[slot]
    const blob = blobType === undefined ? undefined : blobs.get(blobType)
    const expected = blob ? sha(blob) : Buffer.alloc(hashSize)
    if (Buffer.compare(expected, stored) !== 0) problems.push(`special slot -${slot} does not match its blob`)
  }
  for (let page = 0; page < nCode; page++) {
    const start = page * pageSize
    const stored = file.subarray(at + hashOffset + page * hashSize, at + hashOffset + (page + 1) * hashSize)
    if (Buffer.compare(sha(file.subarray(start, Math.min(start + pageSize, codeLimit))), stored) !== 0) report.badPages++
  }
  if (report.badPages > 0) problems.push(`${report.badPages} of ${nCode} page hashes do not match`)
  return report
}

/** LC_BUILD_VERSION's minimum OS version, as `13.0.0`; undefined when the file names none. */
export function minimumOS(file: Uint8Array): string | undefined {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  for (let i = 0, at = 32, n = view.getUint32(16, true); i < n; i++) {
    if (view.getUint32(at, true) === 0x32) {
      const v = view.getUint32(at + 12, true)
      return `${v >>> 16}.${(v >> 8) & 0xff}.${v & 0xff}`
    }
    at += view.getUint32(at + 4, true)
  }
  return undefined
}
