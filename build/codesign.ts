/**
 * Ad hoc code signing of a thin 64-bit Mach-O executable, on any OS.
 *
 * Why: Bun 1.4.5 cross-compiling bun-darwin-x64 moves the signature's offset past the
 * embedded program but keeps the template's Developer ID signature, whose page hashes and
 * CMS blob cover the template, not the result (75 of 23,797 pages mismatched; a Mac refuses
 * such a binary). Its darwin-arm64 output is valid, but Bun has shipped arm64 regressions
 * before, so both darwin targets are re-signed here. No maintained npm package signs on
 * Linux (@electron/osx-sign drives Apple's `codesign`, which only exists on macOS), and an ad
 * hoc signature needs no key: it is a CodeDirectory of page hashes, written below in the
 * layout ld64 writes (version 0x20400, flags adhoc | linker-signed, no CMS blob).
 */

const MH_MAGIC_64 = 0xfeedfacf
const MH_EXECUTE = 2
const LC_SEGMENT_64 = 0x19
const LC_CODE_SIGNATURE = 0x1d
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0
const CSMAGIC_CODEDIRECTORY = 0xfade0c02
const CS_ADHOC = 0x2
const CS_LINKER_SIGNED = 0x20000
const CS_EXECSEG_MAIN_BINARY = 0x1
const CS_HASHTYPE_SHA256 = 2
const PAGE_SHIFT = 12
const PAGE = 1 << PAGE_SHIFT
const HASH_SIZE = 32
/** The CodeDirectory header of version 0x20400 (through execSegFlags). */
const CD_HEADER = 88
/** The SuperBlob header and its one index entry. */
const SUPERBLOB_HEADER = 20
/** __LINKEDIT's vmsize is kept a multiple of the largest page size (arm64's 16 KiB). */
const VM_ALIGN = 0x4000

interface LoadCommands {
  filetype: number
  /** Offset of LC_CODE_SIGNATURE's dataoff field. */
  sigField: number
  dataoff: number
  /** Offsets of __LINKEDIT's vmsize and filesize fields. */
  linkeditVmsize: number
  linkeditFilesize: number
  linkeditFileoff: number
  textFileoff: number
  textFilesize: number
}

function _loadCommands(view: DataView): LoadCommands {
  if (view.getUint32(0, true) !== MH_MAGIC_64) throw new Error('not a thin 64-bit little-endian Mach-O executable')
  const found: Partial<LoadCommands> = { filetype: view.getUint32(12, true) }
  const ncmds = view.getUint32(16, true)
  for (let i = 0, at = 32; i < ncmds; i++) {
    const cmd = view.getUint32(at, true)
    if (cmd === LC_CODE_SIGNATURE) {
      found.sigField = at + 8
      found.dataoff = view.getUint32(at + 8, true)
    } else if (cmd === LC_SEGMENT_64) {
      const name = new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at + 8, 16)).replace(/\0+$/, '')
      if (name === '__LINKEDIT') {
        found.linkeditVmsize = at + 32
        found.linkeditFileoff = Number(view.getBigUint64(at + 40, true))
        found.linkeditFilesize = at + 48
      } else if (name === '__TEXT') {
        found.textFileoff = Number(view.getBigUint64(at + 40, true))
        found.textFilesize = Number(view.getBigUint64(at + 48, true))
      }
    }
    at += view.getUint32(at + 4, true)
  }
  if (found.sigField === undefined) throw new Error('no LC_CODE_SIGNATURE: the linker left no room for a signature')
  if (found.linkeditVmsize === undefined || found.textFilesize === undefined) throw new Error('no __TEXT or __LINKEDIT segment')
  return found as LoadCommands
}

/**
 * Returns `macho` with a fresh ad hoc signature in place of whatever signature it had: the
 * signed range ends where LC_CODE_SIGNATURE points, the signature follows it and ends the file.
 */
export function adhocSign(macho: Uint8Array, identifier: string): Uint8Array {
  const lc = _loadCommands(new DataView(macho.buffer, macho.byteOffset, macho.byteLength))
  const codeLimit = lc.dataoff
  if (codeLimit % 16 !== 0 || codeLimit < lc.linkeditFileoff || codeLimit > macho.length) {
    throw new Error(`LC_CODE_SIGNATURE points at ${codeLimit}, outside __LINKEDIT or unaligned`)
  }
  const ident = new TextEncoder().encode(`${identifier}\0`)
  const slots = Math.ceil(codeLimit / PAGE)
  const hashOffset = CD_HEADER + ident.length
  const cdLength = hashOffset + slots * HASH_SIZE
  const sigLength = SUPERBLOB_HEADER + cdLength

  const out = new Uint8Array(codeLimit + sigLength)
  out.set(macho.subarray(0, codeLimit))
  const view = new DataView(out.buffer)
  // The load commands are inside page 0, so they are fixed before any page is hashed.
  view.setUint32(lc.sigField + 4, sigLength, true)
  const linkeditSize = out.length - lc.linkeditFileoff
  view.setBigUint64(lc.linkeditFilesize, BigInt(linkeditSize), true)
  const vmsize = Number(view.getBigUint64(lc.linkeditVmsize, true))
  if (vmsize < linkeditSize) view.setBigUint64(lc.linkeditVmsize, BigInt(Math.ceil(linkeditSize / VM_ALIGN) * VM_ALIGN), true)

  const sb = codeLimit
  view.setUint32(sb, CSMAGIC_EMBEDDED_SIGNATURE)
  view.setUint32(sb + 4, sigLength)
  view.setUint32(sb + 8, 1)
  view.setUint32(sb + 12, 0) // CSSLOT_CODEDIRECTORY
  view.setUint32(sb + 16, SUPERBLOB_HEADER)

  const cd = sb + SUPERBLOB_HEADER
  view.setUint32(cd, CSMAGIC_CODEDIRECTORY)
  view.setUint32(cd + 4, cdLength)
  view.setUint32(cd + 8, 0x20400)
  view.setUint32(cd + 12, CS_ADHOC | CS_LINKER_SIGNED)
  view.setUint32(cd + 16, hashOffset)
  view.setUint32(cd + 20, CD_HEADER)
  view.setUint32(cd + 24, 0) // no special slots: no Info.plist, requirements or entitlements
  view.setUint32(cd + 28, slots)
  view.setUint32(cd + 32, codeLimit)
  out[cd + 36] = HASH_SIZE
  out[cd + 37] = CS_HASHTYPE_SHA256
  out[cd + 38] = 0 // platform
  out[cd + 39] = PAGE_SHIFT
  // spare2, scatterOffset, teamOffset, spare3 and codeLimit64 stay 0.
  view.setBigUint64(cd + 64, BigInt(lc.textFileoff))
  view.setBigUint64(cd + 72, BigInt(lc.textFilesize))
  view.setBigUint64(cd + 80, BigInt(lc.filetype === MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0))
  out.set(ident, cd + CD_HEADER)

  for (let page = 0; page < slots; page++) {
    const start = page * PAGE
    const slot = cd + hashOffset + page * HASH_SIZE
    Bun.SHA256.hash(out.subarray(start, Math.min(start + PAGE, codeLimit)), out.subarray(slot, slot + HASH_SIZE))
  }
  return out
}
