import { dirname } from 'node:path'
import { findProjectRoot } from '../config/root'
import { homeDir } from '../util/os'

export interface PerProject<T> {
  /** The service of the file's project, started now if it is not yet. */
  of(path: string): Promise<T | undefined>
  /** The service of the file's project if one was started: news about a file starts none. */
  started(path: string): Promise<T | undefined> | undefined
  /** The project goes on without a service (it died). */
  forget(root: string): void
  all(): Iterable<Promise<T | undefined>>
}

/**
 * One service per project root (TypeScript's language service, pyright), started on first use;
 * undefined where it could not start (`failed` says why, once). A file in no project would make
 * the home folder (or /) the project, every file under it read: it gets no service.
 */
export function perProject<T>(start: (root: string) => Promise<T | undefined>, failed: (root: string, error: unknown) => void, markers: string): PerProject<T> {
  const services = new Map<string, Promise<T | undefined>>()
  const forRoot = (root: string): Promise<T | undefined> => {
    let service = services.get(root)
    if (!service) {
      service = (async () => {
        if (root === homeDir() || dirname(root) === root) throw new Error(`the file is in no project (no ${markers} above it)`)
        return start(root)
      })().catch((error) => {
        failed(root, error)
        return undefined
      })
      services.set(root, service)
    }
    return service
  }
  return {
    of: (path) => forRoot(findProjectRoot(dirname(path))),
    started: (path) => services.get(findProjectRoot(dirname(path))),
    forget: (root) => services.set(root, Promise.resolve(undefined)),
    all: () => services.values(),
  }
}
