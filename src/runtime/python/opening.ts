import type { RunCounts } from '../../cache/stats'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { nodeFs, readOwnBytes } from '../../util/files'
import { holdNowAndLater, type Witness } from '../../util/probes'

/**
 * The opening of a planned Python run: the messages phicode sends its interpreter before the
 * interpreter asks for anything (the bootstrap's code and texts, the package folder, the pushed
 * modules: `runPython`), kept beside the plan once a run of it went by without the interpreter
 * asking for anything. The next run of the plan sends these bytes as they are, and makes the
 * module server (the config, the cache, the converter) only if its interpreter does ask (issue 16:
 * making them cost a planned hello world 4-5 ms of CPU while the interpreter started, and a run of
 * 200 pushed modules 20 ms).
 *
 * What the bytes were made from and the interpreter cannot check for itself is witnessed: the
 * configs of the projects of the entry and of every pushed module (their symbols converted those
 * modules) and the package folder. The interpreter checks the rest: each pushed module's stat
 * identity, and the magic number of every code object.
 */
export interface Opening {
  /** The interpreter's bytecode kind (`bytecodeKind`): an opening is replayed only to its own kind. */
  kind: string
  witnesses: Witness[]
  /** What the run that made it counted in the cache statistics: a run replaying it counts the same. */
  counts: RunCounts | undefined
  /** The messages, framed as sent (`unaskedFrames`). */
  frames: Uint8Array
}

/** An opening found beside its plan, and whether its files, checked off the main thread, still hold. */
export interface RecalledOpening extends Opening {
  file: string
  holds: Promise<boolean>
}

/** Where the opening of the plan kept in `planFile` is kept. */
export const openingFile = (planFile: string): string => planFile.replace(/\.json$/, '.opening')

const NEWLINE = 0x0a

/** The opening kept in `file` for an interpreter of `kind`, unless a file it was made from is seen to have changed. */
export function recallOpening(file: string, kind: string): RecalledOpening | undefined {
  const bytes = readOwnBytes(file)
  const end = bytes?.indexOf(NEWLINE) ?? -1
  if (!bytes || end < 0) return undefined
  let head: Omit<Opening, 'frames'> & { size: number }
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(0, end)))
  } catch {
    return undefined
  }
  // A file cut short (a full disk, a copy) sends nothing: the interpreter would wait for the rest.
  if (head.kind !== kind || !Array.isArray(head.witnesses) || head.size !== bytes.length - end - 1) return undefined
  const check = holdNowAndLater(head.witnesses)
  if (!check.now) return undefined
  return { kind, witnesses: head.witnesses, counts: head.counts, frames: bytes.subarray(end + 1), file, holds: check.later }
}

/** Keeps an opening for the plan's next run; a home that cannot be written only means no replay. */
export function keepOpening(file: string, opening: Opening): void {
  const { frames, ...rest } = opening
  const head = new TextEncoder().encode(`${JSON.stringify({ ...rest, size: frames.length })}\n`)
  try {
    writeFileAtomicSync(file, Buffer.concat([head, frames]))
  } catch {
    // As for plans: the next run sends a fresh opening.
  }
}

/** Forgets an opening the interpreter asked past (a module changed, another one imported). */
export function dropOpening(file: string): void {
  try {
    nodeFs().rmSync(file, { force: true })
  } catch {
    // A home that cannot be written keeps it; its next replay asks past it again and is served.
  }
}
