import { PLATFORM, unsupported } from '../util/platform'

/**
 * φ-Python needs the fd-3 channel, which Windows cannot give a child: refused before any
 * interpreter is looked for, so a machine without Python gets the same reason (README, "Platforms").
 */
export function checkPythonPlatform(): void {
  if (PLATFORM === 'win32') {
    throw unsupported('φ-Python', 'the Python bootstrap talks to phicode over an inherited socket on fd 3, which Windows cannot hand to a child; run it under WSL')
  }
}
