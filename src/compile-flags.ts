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
 * --splitting puts what only some commands load (the API server, the benchmark, Phiemon …) in
 * chunks of their own, read when first imported: in one module, every function of every command
 * was created at each start (about 2 ms, half of `phicode --version`).
 */
export const COMPILE_FLAGS = [
  '--compile', '--splitting', '--bytecode', '--minify', '--format=esm',
  '--no-compile-autoload-bunfig', '--no-compile-autoload-dotenv',
  '--compile-autoload-package-json', '--compile-autoload-tsconfig',
]
