/** The operating systems phicode ships for, as `process.platform` names them. */
export type Platform = 'linux' | 'darwin' | 'win32'

/**
 * The OS whose rules the guards follow, read once. `PHICODE_TEST_PLATFORM` (linux, darwin or
 * win32) makes a Linux build follow another OS's rules, so the tests run the macOS and Windows
 * guards here, through the real binary. File paths never follow it: they are the host's.
 */
export const PLATFORM: Platform = _platform(process.env.PHICODE_TEST_PLATFORM, process.platform)

function _platform(injected: string | undefined, host: string): Platform {
  if (injected === 'linux' || injected === 'darwin' || injected === 'win32') return injected
  return host === 'darwin' || host === 'win32' ? host : 'linux'
}
