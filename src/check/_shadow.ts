import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { EXIT, systemError } from '../errors'
import type { PhiProject } from './project'

/** The folder, inside the project so that `node_modules` above it is found, where a check writes the converted modules. */
export const shadowDir = (root: string): string => join(root, '.(φ)cache', 'check')

/**
 * Writes every module that converted to `dir`, at its virtual path relative to the project root:
 * command-line checkers read files, not callbacks. Removes what an earlier check left first.
 * Returns the files written.
 */
export function writeShadow(project: PhiProject, dir: string): string[] {
  const written: string[] = []
  try {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    for (const module of project.modules) {
      if (module.error) continue
      const path = join(dir, relative(project.root, module.virtualPath))
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, module.code)
      written.push(path)
    }
  } catch (error) {
    throw systemError(dir, error, { exit: EXIT.CANT_WRITE, doing: 'cannot be written (the checker reads the converted φ modules from there)' })
  }
  return written
}

/** The virtual path a shadow file stands for, or the path itself when it is not one. */
export function fromShadow(path: string, dir: string, root: string): string {
  const rel = relative(dir, path)
  return rel.startsWith('..') ? path : join(root, rel)
}

/** Removes the shadow folder, and the cache folder above it when the check was all it held. */
export function removeShadow(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  try {
    if (readdirSync(dirname(dir)).length === 0) rmdirSync(dirname(dir))
  } catch {
    // Already gone, or not ours to remove.
  }
}
