import { version } from '../package.json' with { type: 'json' }

export interface BuildInfo {
  version: string
  commit: string
  bun: string
  /** The platform the binary was built for, e.g. `linux-x64-musl`. */
  target: string
  /** ISO date of the build, empty when running from source. */
  date: string
}

/** Stamped into compiled binaries by `build/build.ts` with `--define`. */
declare const PHICODE_BUILD: BuildInfo | undefined

export const BUILD: BuildInfo =
  typeof PHICODE_BUILD !== 'undefined'
    ? PHICODE_BUILD
    : { version, commit: 'source', bun: Bun.version, target: `${process.platform}-${process.arch}`, date: '' }
