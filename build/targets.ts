/** Every platform a release ships, as Bun names it and as the archive is named. */
export interface Target {
  bun: string
  os: 'linux' | 'darwin' | 'windows'
  arch: 'x64' | 'arm64'
  musl: boolean
}

export const TARGETS: readonly Target[] = [
  { bun: 'bun-linux-x64', os: 'linux', arch: 'x64', musl: false },
  { bun: 'bun-linux-arm64', os: 'linux', arch: 'arm64', musl: false },
  { bun: 'bun-linux-x64-musl', os: 'linux', arch: 'x64', musl: true },
  { bun: 'bun-linux-arm64-musl', os: 'linux', arch: 'arm64', musl: true },
  { bun: 'bun-darwin-x64', os: 'darwin', arch: 'x64', musl: false },
  { bun: 'bun-darwin-arm64', os: 'darwin', arch: 'arm64', musl: false },
  { bun: 'bun-windows-x64', os: 'windows', arch: 'x64', musl: false },
]

export const targetName = (t: Target): string => `${t.os}-${t.arch}${t.musl ? '-musl' : ''}`

/** The executable's name inside the archive. */
export const binaryName = (t: Target): string => (t.os === 'windows' ? 'phicode.exe' : 'phicode')

/** The release asset: a .zip for Windows, where it is the native format; a .tar.gz elsewhere. */
export const archiveName = (t: Target): string =>
  `phicode-${targetName(t)}.${t.os === 'windows' ? 'zip' : 'tar.gz'}`

/** npm's `os` value, as `process.platform` names it (the launcher builds the package name from it). */
export const npmOs = (t: Target): string => (t.os === 'windows' ? 'win32' : t.os)

/** The npm package carrying this target's executable, an optional dependency of `phicode`. */
export const npmPackageName = (t: Target): string => `@phicode/${npmOs(t)}-${t.arch}${t.musl ? '-musl' : ''}`
