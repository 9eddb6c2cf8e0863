import { join } from '../util/paths'
import { decodeEntry, encodeEntry, type VerifiedEntry } from './_entry'
import { digestHex } from './digest'
import { isAbandonedTemp, newPackName, PACK_SUFFIX, readWhole, TEMP_MARK, writeAtomic } from './_io'
import { decodePack, encodePack, type PackIndex } from './_pack'
import { ENGINE } from './engine'
import type { CacheSettings, LayerCounts } from './types'
import { errnoOf } from '../errors'
import { nodeFs } from '../util/files'

/** More packs than this in one kind's directory are merged into one at the end of a run. */
const MAX_PACKS = 4
/**
 * A merge keeps every entry this run used; of the others (sources since edited, modules no
 * longer imported, entries of other entry points), the newest up to this many bytes.
 */
const MAX_UNUSED_BYTES = 32 * 1024 * 1024

/** The entries of one kind (`python`, `comφled_cpython_311` …), in `<cache dir>/<kind>/*.pack`. */
export interface KindStore {
  readonly kind: string
  readonly counts: LayerCounts
  /** The verified entry under `key`, or undefined (a miss; damaged entries are noted and skipped). */
  get(key: string): VerifiedEntry | undefined
  /** Queues an entry; it is written with the next batch. */
  put(key: string, body: Uint8Array, digest?: string): void
  /** An entry `get` served proved unusable to its user (e.g. the interpreter refused it). */
  reject(key: string, reason: string): void
}

export interface Store {
  readonly dir: string
  kind(name: string): KindStore
  /** Writes pending entries; `final` (the end of a run) also merges packs that need it. */
  flush(final: boolean): void
  /** Entries and packs written in this run. */
  readonly written: { entries: number; packs: number; bytes: number; ms: number }
  /** False once a write failed: the rest of the run goes without writing. */
  readonly writable: boolean
}

interface Pack {
  name: string
  bytes: Uint8Array
  index: PackIndex
  damaged: boolean
}

type Note = (message: string) => void

const short = (key: string) => key.slice(0, 12)

export function createStore(dir: string, settings: CacheSettings, note: Note): Store {
  const kinds = new Map<string, ReturnType<typeof createKindStore>>()
  let writable = true
  const written = { entries: 0, packs: 0, bytes: 0, ms: 0 }

  const write = (kindDir: string, bytes: Uint8Array): boolean => {
    if (!writable) return false
    const started = performance.now()
    try {
      writeAtomic(kindDir, newPackName(), bytes, settings)
    } catch (error) {
      writable = false
      const code = errnoOf(error) ?? (error as Error).message
      note(`cannot write to ${dir} (${code}); running uncached from here`)
      return false
    }
    written.packs++
    written.bytes += bytes.length
    written.ms += performance.now() - started
    return true
  }

  const flush = (final: boolean) => {
    for (const store of kinds.values()) written.entries += store.flush(final)
  }
  return {
    dir,
    written,
    flush,
    get writable() {
      return writable
    },
    kind(name) {
      let store = kinds.get(name)
      if (!store) kinds.set(name, (store = createKindStore(join(dir, name), name, settings, note, { write, flushAll: () => flush(false), canWrite: () => writable })))
      return store
    },
  }
}

interface Writer {
  write(kindDir: string, bytes: Uint8Array): boolean
  canWrite(): boolean
  flushAll(): void
}

function createKindStore(kindDir: string, kind: string, settings: CacheSettings, note: Note, writer: Writer) {
  const counts: LayerCounts = { hits: 0, misses: 0 }
  const packs: Pack[] = []
  /** Pack files that cannot be used: damaged, of another kind or of another engine. */
  const unusable: string[] = []
  const locations = new Map<string, Array<[Pack, number, number]>>()
  const verified = new Map<string, VerifiedEntry>()
  const pending = new Map<string, Uint8Array>()
  /** Keys put in this run: found again, they are neither hits nor misses of the disk. */
  const made = new Set<string>()
  const rejected = new Set<string>()
  let loaded = false
  let foreign = 0

  function load(): void {
    loaded = true
    let names: string[]
    try {
      names = nodeFs().readdirSync(kindDir).sort().reverse()
    } catch {
      return
    }
    for (const name of names) {
      if (name.endsWith(PACK_SUFFIX)) addPack(name)
      else if (name.includes(TEMP_MARK) && isAbandonedTemp(join(kindDir, name))) unusable.push(name)
    }
    if (foreign > 0) note(`${kind}: ${foreign} pack(s) written by another engine version are ignored`)
  }

  function addPack(name: string): void {
    let bytes: Uint8Array | undefined
    try {
      bytes = readWhole(join(kindDir, name))
    } catch (error) {
      note(`${kind}: cannot read ${name} (${errnoOf(error) ?? error})`)
      return
    }
    if (bytes === undefined) return
    const index = decodePack(bytes)
    if ('reason' in index) {
      note(`${kind}: discarded pack ${name}: ${index.reason}`)
      unusable.push(name)
      return
    }
    if (index.kind !== kind) {
      note(`${kind}: discarded pack ${name}: it holds ${String(index.kind)} entries`)
      unusable.push(name)
      return
    }
    if (index.engine !== ENGINE) {
      foreign++
      unusable.push(name)
      return
    }
    const pack: Pack = { name, bytes, index, damaged: false }
    packs.push(pack)
    for (const [key, offset, length] of index.entries) {
      let list = locations.get(key)
      if (!list) locations.set(key, (list = []))
      list.push([pack, offset, length])
    }
  }

  function verify(pack: Pack, key: string, offset: number, length: number): VerifiedEntry | undefined {
    const result = decodeEntry(pack.bytes.subarray(offset, offset + length), { kind, engine: ENGINE, key })
    if ('body' in result) return result
    note(`${kind}: discarded entry ${short(key)} in ${pack.name}: ${result.reason}`)
    pack.damaged = true
    return undefined
  }

  function find(key: string): VerifiedEntry | undefined {
    const known = verified.get(key)
    if (known) return known
    if (!loaded) load()
    for (const [pack, offset, length] of locations.get(key) ?? []) {
      const entry = verify(pack, key, offset, length)
      if (entry) {
        verified.set(key, entry)
        return entry
      }
    }
    locations.delete(key)
    return undefined
  }

  /** The valid entries of the loaded packs, newest first, once per key: what a merged pack keeps. */
  function survivors(): Array<[string, Uint8Array]> {
    const kept: Array<[string, Uint8Array]> = []
    const seen = new Set([...pending.keys(), ...rejected])
    let unused = 0
    for (const pack of packs) {
      for (const [key, offset, length] of pack.index.entries) {
        if (seen.has(key) || !verify(pack, key, offset, length)) continue
        seen.add(key)
        if (!verified.has(key) && (unused += length) > MAX_UNUSED_BYTES) continue
        kept.push([key, pack.bytes.subarray(offset, offset + length)])
      }
    }
    return kept
  }

  function needsMerge(): boolean {
    const total = packs.length + (pending.size > 0 ? 1 : 0)
    return unusable.length > 0 || packs.some((p) => p.damaged) || total > MAX_PACKS
  }

  /** Writes what is pending (and, at the end of a run, merges packs); returns the entries written. */
  function flush(final: boolean): number {
    const merge = final && loaded && needsMerge()
    if (pending.size === 0 && !merge) return 0
    const entries = [...pending, ...(merge ? survivors() : [])]
    const count = pending.size
    pending.clear()
    const ok = entries.length === 0 || writer.write(kindDir, encodePack(kind, ENGINE, entries))
    if (ok && merge) {
      for (const name of [...packs.map((p) => p.name), ...unusable]) {
        try {
          nodeFs().rmSync(join(kindDir, name), { force: true })
        } catch {
          // Its entries are in the merged pack now; a pack left behind is merged again later.
        }
      }
      packs.length = 0
      unusable.length = 0
    }
    return ok ? count : 0
  }

  const store: KindStore & { flush: typeof flush } = {
    kind,
    counts,
    get(key) {
      if (made.has(key)) return verified.get(key)
      const entry = find(key)
      if (entry) counts.hits++
      else counts.misses++
      return entry
    },
    put(key, body, digest = digestHex(body)) {
      rejected.delete(key)
      made.add(key)
      verified.set(key, { body, digest })
      if (!writer.canWrite()) return
      pending.set(key, encodeEntry({ kind, engine: ENGINE, key }, body, digest))
      if (pending.size >= settings.batchSize) writer.flushAll()
    },
    reject(key, reason) {
      note(`${kind}: discarded entry ${short(key)}: ${reason}`)
      verified.delete(key)
      pending.delete(key)
      made.delete(key)
      rejected.add(key)
      for (const [pack] of locations.get(key) ?? []) pack.damaged = true
      locations.delete(key)
    },
    flush,
  }
  return store
}
