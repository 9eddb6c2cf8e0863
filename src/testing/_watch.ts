import { watch, type FSWatcher } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import { BUN_TEST_EXTENSIONS } from './_discover'

export interface Changes {
  /** Resolves at the next change of a source file after the call. */
  next(): Promise<void>
  close(): void
}

/** Editors write a file in bursts of events; one re-run follows a burst. */
const SETTLE_MS = 50

/**
 * Source changes under `root`: φ, JavaScript, TypeScript and JSON files outside `node_modules`,
 * hidden folders and `ignoredDir` (coverage reports). Bun's own `--watch` sees no file a plugin
 * loads, φ files among them, so phicode watches the project itself.
 */
export function watchSources(root: string, phiExtensions: readonly string[], ignoredDir: string): Changes {
  const extensions = [...phiExtensions, ...BUN_TEST_EXTENSIONS, '.json']
  const ignored = relative(root, resolve(root, ignoredDir))
  let waiting: (() => void) | undefined
  let timer: Timer | undefined
  const relevant = (file: string): boolean => {
    const parts = file.split(sep)
    if (parts.some((part) => part === 'node_modules' || part.startsWith('.'))) return false
    if (ignored !== '' && (file === ignored || file.startsWith(ignored + sep))) return false
    return extensions.some((ext) => file.endsWith(ext))
  }
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, file) => {
    if (!file || !waiting || !relevant(String(file))) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      const resolveChange = waiting
      waiting = undefined
      resolveChange?.()
    }, SETTLE_MS)
  })
  return {
    next: () => new Promise<void>((resolveChange) => (waiting = resolveChange)),
    close() {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
