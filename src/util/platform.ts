import { EXIT, PhicodeError } from '../errors'

/** The operating systems phicode ships for, as `process.platform` names them. */
export type Platform = 'linux' | 'darwin' | 'win32'

const NAMES: Record<Platform, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }

/**
 * The OS whose rules the guards follow, read once. `PHICODE_TEST_PLATFORM` (linux, darwin or
 * win32) makes a Linux build follow another OS's rules, so the tests run the macOS and Windows
 * guards here, through the real binary. File paths never follow it: they are the host's.
 */
export const PLATFORM: Platform = _platform(process.env.PHICODE_TEST_PLATFORM, process.platform)

/** Passed on to the children whose environment phicode builds from scratch (the API's sandbox). */
export const PLATFORM_ENV: Record<string, string> = process.env.PHICODE_TEST_PLATFORM ? { PHICODE_TEST_PLATFORM: PLATFORM } : {}

function _platform(injected: string | undefined, host: string): Platform {
  if (injected === 'linux' || injected === 'darwin' || injected === 'win32') return injected
  return host === 'darwin' || host === 'win32' ? host : 'linux'
}

/** `Windows x64`, `macOS arm64`: how messages name the platform. */
export const platformName = (): string => `${NAMES[PLATFORM]} ${process.arch}`

/**
 * A feature this platform lacks: exit 69 with one line naming the feature, the platform and
 * why, so nothing starts that would hang or half-work (the README's platform table).
 */
export function unsupported(feature: string, why: string): PhicodeError {
  return new PhicodeError(`${feature} is not supported on ${platformName()}: ${why}`, EXIT.UNAVAILABLE)
}
