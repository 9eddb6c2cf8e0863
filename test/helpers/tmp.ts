import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll } from 'bun:test'

/** A fresh directory removed when the test file finishes. */
export function tempDir(prefix = 'phicode-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes each file (a path relative to `dir`; folders are made) into `dir`, and returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** A fresh directory holding `files`, removed when the test file finishes. */
export const tempProject = (files: Record<string, string>, prefix?: string): string => writeFiles(tempDir(prefix), files)
