import type { Witness } from '../../util/probes'
import type { Loader } from 'bun'

// What a walk of a φ-TypeScript module graph finds, shared by the plugin, the cache's resolution
// layer and the run plan that keeps a walk (src/runtime/plan.ts).

export interface PreparedModule {
  /** What Bun must load instead of the file; undefined when the file loads as it is. */
  contents: string | undefined
  loader: Loader
  /** Files its relative specifiers lead to. */
  targets: string[]
  /**
   * Whether its source mentions `require`: only then must `require('./lib')` find `lib.φ`, and
   * the fallback that does it loads node:module (about 0.3 ms of a planned hello world, issue 16).
   * A walk remembered by an older build lacks it: the fallback is installed then.
   */
  requires?: boolean
}

/**
 * The resolution layer of φ-TypeScript: what a walk from an entry prepared (each module's
 * contents and targets, the plain files Bun must load rewritten), kept with the state of every
 * path the walk read. A later run from the same entry, finding them all unchanged, takes its
 * modules from here: no file is read, hashed, looked up or resolved again (a warm walk of 200
 * modules cost about 15 ms, most of the gap to `bun main.ts`; issue 16).
 */
export interface WalkedGraph {
  modules: Array<[path: string, prepared: PreparedModule]>
  /** Files the walk could not prepare: loading them reports why. */
  failed: string[]
  /** Plain files that must be loaded rewritten (see `walk`). */
  rewritten: string[]
  /**
   * Whether the entry's tsconfig asks for legacy decorators (`needsFullBun`), looked up while the
   * walk's paths were noted: a planned run whose walk holds skips the lookup. Only an entry's walk has it.
   */
  decorators?: boolean
}

/** A walk with the state of every path it read (`stillHold` tells whether it may be trusted). */
export interface StoredGraph extends WalkedGraph {
  witnesses: Witness[]
}
