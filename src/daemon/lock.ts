import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { lockPath } from './_paths'
import { isAlive, processRef } from './processes'
import type { ProcessRef } from './types'
import { errnoOf } from '../errors'

function readOwner(path: string): { text: string; owner: ProcessRef | undefined } | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    return { text, owner: JSON.parse(text) as ProcessRef }
  } catch {
    return { text, owner: undefined }
  }
}

/**
 * Makes this process the one supervisor of `name`: the lock file is created exclusively and
 * holds our pid and start time. A lock whose owner is gone (or whose pid now belongs to another
 * program) is stale and taken over. Returns the live owner when someone else holds it.
 */
export function claimLock(name: string): { ok: true } | { ok: false; owner: ProcessRef } {
  const path = lockPath(name)
  mkdirSync(dirname(path), { recursive: true })
  const me = JSON.stringify(processRef(process.pid) ?? { pid: process.pid, start: '' })
  // Written aside and linked into place: link() fails if the lock exists, and a lock that
  // exists is always complete (an empty one would look stale to a racing claimer).
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, me)
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, path)
        return { ok: true }
      } catch (error) {
        if (errnoOf(error) !== 'EEXIST') throw error
      }
      const found = readOwner(path)
      if (!found) continue
      if (found.owner && isAlive(found.owner)) return { ok: false, owner: found.owner }
      // Stale: remove it only if it is still the stale one we read, then race for it again.
      if (readOwner(path)?.text === found.text) rmSync(path, { force: true })
    }
  } finally {
    rmSync(temp, { force: true })
  }
  throw new Error(`could not take the lock ${path}`)
}

/** Removes the lock if this process holds it. */
export function releaseLock(name: string): void {
  const path = lockPath(name)
  const found = readOwner(path)
  if (found?.owner?.pid === process.pid) rmSync(path, { force: true })
}
