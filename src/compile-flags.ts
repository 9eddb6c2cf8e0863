/**
 * How `bun build` compiles phicode (build/build.ts), kept here so the start-up benchmark can
 * compile an empty program the same way as its baseline.
 *
 * Without the two --no-compile-autoload flags, a bunfig.toml or .env in the user's working
 * directory would be loaded into the binary (a bunfig `preload` runs code inside it).
 * Without the two --compile-autoload flags, modules the user's program imports from disk would
 * resolve without their package.json (no `exports`, `main` or `module`: most npm packages fail
 * with "Cannot find package") and without tsconfig `paths`. phicode's own code is bundled, so
 * neither file can change it.
 */
export const COMPILE_FLAGS = [
  '--compile', '--bytecode', '--minify', '--format=esm',
  '--no-compile-autoload-bunfig', '--no-compile-autoload-dotenv',
  '--compile-autoload-package-json', '--compile-autoload-tsconfig',
]
