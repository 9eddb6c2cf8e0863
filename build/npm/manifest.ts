/**
 * The published package.json files. They are generated rather than kept as the repo's own
 * package.json, which stays the development manifest (TypeScript entry points, the dev tools).
 */
import pkg from '../../package.json' with { type: 'json' }
import { binaryName, npmOs, npmPackageName, type Target } from '../targets'

const _common = () => ({ version: pkg.version, license: pkg.license })

/** Every entry point: its types, its Bun build, and for any other runtime a module that says it needs Bun. */
const _entry = (name: string) => ({
  types: `./types/${name}.d.ts`,
  bun: `./lib/${name}.js`,
  default: './needs-bun.js',
})

export function mainManifest(targets: readonly Target[]): Record<string, unknown> {
  return {
    name: 'phicode',
    ..._common(),
    description: pkg.description,
    type: 'module',
    bin: { phicode: 'bin/phicode.js' },
    exports: {
      '.': _entry('src/index'),
      './plugin': _entry('plugins/phicode'),
      './register': _entry('plugins/register'),
      './package.json': './package.json',
    },
    files: ['bin', 'lib', 'types', 'needs-bun.js'],
    engines: { node: '>=18' },
    // Exact versions: the launcher runs whatever binary it finds, so it must be this release's.
    optionalDependencies: Object.fromEntries(targets.map((t) => [npmPackageName(t), pkg.version])),
  }
}

export function platformManifest(target: Target): Record<string, unknown> {
  return {
    name: npmPackageName(target),
    ..._common(),
    description: `The phicode executable for ${npmOs(target)}-${target.arch}${target.musl ? ' (musl)' : ''}; installed by the phicode package`,
    os: [npmOs(target)],
    cpu: [target.arch],
    ...(target.os === 'linux' ? { libc: [target.musl ? 'musl' : 'glibc'] } : {}),
    files: [`bin/${binaryName(target)}`],
    // Yarn PnP would otherwise leave the executable inside a zip, where nothing can run it.
    preferUnplugged: true,
  }
}
