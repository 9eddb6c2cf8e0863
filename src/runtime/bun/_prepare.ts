import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Loader } from 'bun'
import { transpileTypescript } from '../../cache/transpiled'
import { loadConfig } from '../../config/load'
import { isPhiPath, kindOf, PHI_KIND } from '../../kinds/extensions'
import type { ModuleSpecifier } from '../../transpile/specifiers'
import type { SymbolTable } from '../../transpile/types'
import { noteProbe } from '../../util/probes'
import { findTsconfig, jsxPragmas } from '../tsconfig'
import type { GraphContext } from './_graph'
import type { PreparedModule } from './types'
import { asEsModule, isCommonJs } from './_module-format'
import { isRelative, resolveImport } from './_resolve'

/** A relative specifier needs a quote then `.`: without one, scanning cannot find anything to do. */
const mayImportRelative = (source: string): boolean => /['"]\.\.?['"/]/.test(source)

function tableFor(dir: string, ctx: GraphContext): SymbolTable {
  let table = ctx.tables.get(dir)
  if (table === undefined) {
    table = loadConfig(dir, ctx.env).tables.typescript
    ctx.tables.set(dir, table)
  }
  return table
}

function pragmaFor(dir: string, ctx: GraphContext): string | undefined {
  if (!ctx.pragmas.has(dir)) ctx.pragmas.set(dir, jsxPragmas(findTsconfig(dir).compilerOptions))
  return ctx.pragmas.get(dir)
}

/** Pragmas go after the last line, where they move nothing. */
const withPragma = (code: string, pragma: string | undefined): string =>
  pragma === undefined ? code : `${code}${code.endsWith('\n') || code === '' ? '' : '\n'}${pragma}\n`

interface Edit {
  start: number
  end: number
  text: string
  kind: ModuleSpecifier['kind']
}

function resolveSpecifiers(specifiers: ModuleSpecifier[], dir: string, ctx: GraphContext): { targets: string[]; edits: Edit[] } {
  const targets: string[] = []
  const edits: Edit[] = []
  for (const { value, start, end, kind } of specifiers) {
    if (!isRelative(value) || value.includes('\\')) continue
    const resolved = resolveImport(value, dir, ctx.extensions)
    if (resolved === undefined) continue
    targets.push(resolved.path)
    if (resolved.rewritten !== undefined) edits.push({ start, end, text: resolved.rewritten, kind })
  }
  return { targets, edits }
}

/** Specifier edits never add a line, so every line stays where it was. */
function applyEdits(source: string, edits: Edit[]): string {
  let out = source
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

/**
 * φ files are ES modules in TSX (see `asEsModule`): JSX text is left alone, and generic arrows
 * are written `<T,>` as in any `.tsx` file. Without `convert` only the targets are wanted.
 */
function preparePhi(path: string, source: string, ctx: GraphContext, convert: boolean): Omit<PreparedModule, 'requires'> {
  const table = tableFor(dirname(path), ctx)
  const scan = (text: string) => transpileTypescript(ctx.cache, text, table, PHI_KIND.jsx, path)
  const esm = (code: string) => withPragma(asEsModule(code, path), pragmaFor(dirname(path), ctx))
  if (!mayImportRelative(source)) return { contents: convert ? esm(scan(source).code) : undefined, loader: 'tsx', targets: [] }
  const { code, specifiers } = scan(source)
  const { targets, edits } = resolveSpecifiers(specifiers, dirname(path), ctx)
  if (!convert) return { contents: undefined, loader: 'tsx', targets }
  return { contents: esm(edits.length === 0 ? code : scan(applyEdits(source, edits)).code), loader: 'tsx', targets }
}

/**
 * A plain file is rewritten only when an `import` of it names a φ module without its extension,
 * or it is JSX under a tsconfig whose JSX settings Bun would not apply; and only when it is
 * surely an ES module: Bun runs CommonJS returned by a plugin as an empty module
 * (oven-sh/bun#39786). Its `require()` calls need no rewriting (see `installRequireFallback`).
 */
function preparePlain(path: string, source: string, ctx: GraphContext): Omit<PreparedModule, 'requires'> {
  const kind = kindOf(path, [])
  const loader: Loader = kind?.loader ?? 'js'
  const pragma = loader === 'jsx' || loader === 'tsx' ? pragmaFor(dirname(path), ctx) : undefined
  if (!mayImportRelative(source) && pragma === undefined) return { contents: undefined, loader, targets: [] }
  const { specifiers } = transpileTypescript(ctx.cache, source, undefined, kind?.jsx ?? true, path)
  const { targets, edits } = resolveSpecifiers(specifiers, dirname(path), ctx)
  // A file with no module syntax at all is an ES module to Bun too.
  const esm = kind?.format === 'esm' || specifiers.some((s) => s.kind === 'static') ||
    (!specifiers.some((s) => s.kind === 'require') && !isCommonJs(source, path))
  const needed = esm && kind?.format !== 'cjs' && (pragma !== undefined || edits.some((e) => e.kind !== 'require'))
  return { contents: needed ? withPragma(applyEdits(source, edits), pragma) : undefined, loader, targets }
}

/** What Bun must load for `path`; `convert: false` skips converting φ files (a walk needs only targets). */
export function prepareModule(path: string, ctx: GraphContext, convert = true): PreparedModule {
  noteProbe(path, 'content')
  const source = readFileSync(path, 'utf8')
  const prepared = isPhiPath(path, ctx.extensions) ? preparePhi(path, source, ctx, convert) : preparePlain(path, source, ctx)
  return { ...prepared, requires: source.includes('require') }
}

/** What Bun must load for φ source that has no file (`-c`, stdin), read as if it were at `path`. */
export function prepareSource(path: string, source: string, ctx: GraphContext): PreparedModule {
  return { ...preparePhi(path, source, ctx, true), requires: source.includes('require') }
}

