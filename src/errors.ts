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

/** An expected failure: printed as one line, never with a stack trace, and mapped to an exit code. */
export class PhicodeError extends Error {
  override readonly name: string = 'PhicodeError'

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message)
  }
}

/** A config file that cannot be used; `where` is `file` or `file: field`. */
export class ConfigError extends PhicodeError {
  override readonly name = 'ConfigError'

  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`, EXIT.CONFIG)
  }
}
