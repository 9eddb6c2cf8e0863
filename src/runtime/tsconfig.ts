import { dirname, join, resolve } from '../util/paths'
import { parseJson } from '../config/json'
import { kindAt, nodeFs } from '../util/files'
import { noteProbe } from '../util/probes'

/** The compiler options phicode applies itself; Bun's resolver applies `paths`/`baseUrl`. */
export interface TsCompilerOptions {
  jsx?: string
  jsxImportSource?: string
  jsxFactory?: string
  jsxFragmentFactory?: string
  experimentalDecorators?: boolean
  emitDecoratorMetadata?: boolean
}

export interface Tsconfig {
  /** The tsconfig.json that applies, undefined when none does. */
  path: string | undefined
  compilerOptions: TsCompilerOptions
}

const isFile = (path: string): boolean => {
  noteProbe(path)
  return kindAt(path) === 'f'
}

/**
 * tsconfig files are JSONC: comments and trailing commas are blanked (offsets kept, so a
 * parse error still names the right line and column), strings left alone.
 */
function stripJsonc(text: string): string {
  const string = /("(?:[^"\\\n]|\\.)*")/.source
  const blank = (whole: string, quoted?: string): string => quoted ?? whole.replace(/[^\n]/g, ' ')
  const comments = text.replace(new RegExp(`${string}|${/\/\/[^\n]*|\/\*[\s\S]*?\*\//.source}`, 'g'), blank)
  return comments.replace(new RegExp(`${string}|${/,(?=\s*[}\]])/.source}`, 'g'), blank)
}

/** A tsconfig file's own fields (no `extends` applied). */
export function readJsonc(path: string): { extends?: string | string[]; compilerOptions?: TsCompilerOptions; include?: string[]; exclude?: string[]; files?: string[] } {
  noteProbe(path, 'content')
  // node:fs, never a mapping, which opens the user's file for writing (`mappedCopy`); what cannot be read names its cause.
  const data = parseJson(stripJsonc(nodeFs().readFileSync(path, 'utf8')), path)
  return typeof data === 'object' && data !== null ? data : {}
}

/** An `extends` entry: a path relative to the file, or a package's config (`@tsconfig/node20/tsconfig.json`). */
function extendedPath(spec: string, from: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const path = resolve(dirname(from), spec)
    return [path, `${path}.json`].find(isFile)
  }
  for (const candidate of [spec, `${spec}.json`, `${spec}/tsconfig.json`]) {
    try {
      return Bun.resolveSync(candidate, dirname(from))
    } catch {
      // the next form may name it
    }
  }
  return undefined
}

function loadOptions(path: string, seen: Set<string>): TsCompilerOptions {
  if (seen.has(path)) return {}
  seen.add(path)
  const config = readJsonc(path)
  const bases = [config.extends ?? []].flat()
  const inherited = bases.map((spec) => extendedPath(spec, path)).filter((p) => p !== undefined)
  return Object.assign({}, ...inherited.map((p) => loadOptions(p, seen)), config.compilerOptions)
}

/** The tsconfig.json nearest to `dir` (as Bun finds it) with its `extends` chain applied. */
export function findTsconfig(dir: string): Tsconfig {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const path = join(at, 'tsconfig.json')
    if (isFile(path)) return { path, compilerOptions: loadOptions(path, new Set()) }
    if (dirname(at) === at) return { path: undefined, compilerOptions: {} }
  }
}

/**
 * The JSX settings of a tsconfig as pragma comments, which the built-in Bun honours in a file
 * where it ignores the tsconfig's own (a compiled Bun reads tsconfig `paths` only). Undefined
 * when Bun's defaults (automatic runtime from `react`) already apply.
 */
export function jsxPragmas(options: TsCompilerOptions): string | undefined {
  if (options.jsx === 'react') {
    return `/** @jsxRuntime classic */ /** @jsx ${options.jsxFactory ?? 'React.createElement'} */ /** @jsxFrag ${options.jsxFragmentFactory ?? 'React.Fragment'} */`
  }
  return options.jsxImportSource ? `/** @jsxImportSource ${options.jsxImportSource} */` : undefined
}
