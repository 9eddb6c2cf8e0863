/**
 * Exit codes of phicode's own failures. They sit above the range programs commonly use, so a
 * module's exit code (passed through unchanged) is not mistaken for one of these.
 */
export const EXIT = {
  OK: 0,
  USAGE: 64,
  TRANSPILE: 65,
  NOT_FOUND: 66,
  IS_DIRECTORY: 67,
  UNAVAILABLE: 69,
  INTERNAL: 70,
  DIALECT_MISMATCH: 71,
  CANT_WRITE: 73,
  IO: 74,
  ALREADY_RUNNING: 75,
  NO_PERMISSION: 77,
  CONFIG: 78,
  SECURITY: 79,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * An expected failure: printed as one line, never with a stack trace, and mapped to an exit code.
 * `cause` (the error it stands for, e.g. the system call's) is shown under --debug only.
 */
export class PhicodeError extends Error {
  override readonly name: string = 'PhicodeError'

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** A failed system call's error (fs, sockets, spawn): the one way to ask a thrown value for its errno. */
function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}

/** The errno name (`ENOENT`, …) of a failed system call, else undefined. */
export const errnoOf = (error: unknown): string | undefined => (isErrnoError(error) ? error.code : undefined)

/** The errnos that have an exit code of their own and words a user reads without a manual. */
const ERRNO: Record<string, { exit: ExitCode; why: string }> = {
  ENOENT: { exit: EXIT.NOT_FOUND, why: 'no such file' },
  ENOTDIR: { exit: EXIT.NOT_FOUND, why: 'no such file (a parent is not a directory)' },
  EISDIR: { exit: EXIT.IS_DIRECTORY, why: 'is a directory, not a file' },
  EACCES: { exit: EXIT.NO_PERMISSION, why: 'permission denied' },
  EPERM: { exit: EXIT.NO_PERMISSION, why: 'permission denied' },
  EADDRINUSE: { exit: EXIT.UNAVAILABLE, why: 'the address is in use' },
  EADDRNOTAVAIL: { exit: EXIT.UNAVAILABLE, why: 'the address is not on this machine' },
}

/**
 * `subject: why` for a failed system call, with the exit code its errno maps to (`otherwise`
 * for the rest, whose message then names the errno) and the original error as its cause.
 */
export function systemError(subject: string, error: unknown, otherwise: { exit: ExitCode; doing: string }): PhicodeError {
  const code = errnoOf(error)
  const known = code === undefined ? undefined : ERRNO[code]
  const why = known?.why ?? `${otherwise.doing} (${code ?? (error instanceof Error ? error.message : String(error))})`
  return new PhicodeError(`${subject}: ${why}`, known?.exit ?? otherwise.exit, { cause: error })
}

/** Each cause under `error`, one line each, for --debug: where an expected failure came from. */
export function causeChain(error: unknown): string[] {
  const lines: string[] = []
  const seen = new Set<unknown>()
  for (let at = error instanceof Error ? error.cause : undefined; at !== undefined && !seen.has(at); at = at instanceof Error ? at.cause : undefined) {
    seen.add(at)
    const code = errnoOf(at)
    lines.push(at instanceof Error ? `${at.name}${code && !at.message.includes(code) ? ` (${code})` : ''}: ${at.message}` : String(at))
  }
  return lines
}

/** A config file that cannot be used; `where` is `file` or `file: field`. */
export class ConfigError extends PhicodeError {
  override readonly name = 'ConfigError'

  constructor(
    readonly where: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${where}: ${reason}`, EXIT.CONFIG, options)
  }
}
