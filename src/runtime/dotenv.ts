import { readUserText } from '../util/files'
import { join } from '../util/paths'

type Env = Record<string, string | undefined>

type Quote = '"' | "'" | '`' | ''

interface RawValue {
  text: string
  quote: Quote
}

/**
 * The .env files `bun x.ts` reads from the working directory, lowest precedence first:
 * `.env`, `.env.production` / `.env.test` / `.env.development` (by `NODE_ENV`; any other value
 * counts as development), then `.env.local`, which Bun skips under `NODE_ENV=test`.
 */
function dotenvFileNames(nodeEnv: string | undefined): string[] {
  const mode = nodeEnv === 'production' || nodeEnv === 'test' ? nodeEnv : 'development'
  return ['.env', `.env.${mode}`, ...(mode === 'test' ? [] : ['.env.local'])]
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=[ \t]*(.*)$/

/**
 * One line's value: quoted (any quote may span lines; a quote after a backslash does not close
 * it, the backslash stays) or bare up to a `#`. An unclosed quote leaves the line's text as it is.
 */
function readValue(first: string, lines: string[], at: number): { value: RawValue; next: number } {
  const quote = first[0] as Quote
  if (quote === '"' || quote === "'" || quote === '`') {
    let text = first.slice(1)
    let next = at + 1
    for (let close = text.indexOf(quote); ; close = text.indexOf(quote)) {
      while (close > 0 && text[close - 1] === '\\') close = text.indexOf(quote, close + 1)
      if (close >= 0) return { value: { text: text.slice(0, close), quote }, next }
      if (next >= lines.length) return { value: { text: first.trimEnd(), quote: '' }, next: at + 1 }
      text += `\n${lines[next++]!}`
    }
  }
  const hash = first.indexOf('#')
  return { value: { text: (hash < 0 ? first : first.slice(0, hash)).trim(), quote: '' }, next: at + 1 }
}

/** Keys and raw values of one file, later lines winning, as Bun reads them (a lone `\r` ends a line too). */
function parseDotenv(text: string): Map<string, RawValue> {
  const values = new Map<string, RawValue>()
  const lines = text.split(/\r\n|\r|\n/)
  for (let at = 0; at < lines.length;) {
    const match = LINE.exec(lines[at]!)
    if (!match) {
      at++
      continue
    }
    const { value, next } = readValue(match[2]!, lines, at)
    values.set(match[1]!, value)
    at = next
  }
  return values
}

const REFERENCE = /\\\$|\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}|\$([A-Za-z_]\w*)/g

/**
 * `$NAME`, `${NAME}` and `${NAME:-fallback}` are expanded (in every kind of quote, as Bun does)
 * from the real environment first, then from the merged files; `\$` is a literal `$`. Bun
 * takes the fallback only for a name that is unset (an empty value is kept), and keeps a
 * reference back into the variable being expanded as written. Double quotes also turn `\n`
 * and `\r` into line breaks.
 */
function expand(raw: RawValue, lookup: (name: string, written: string) => string | undefined): string {
  const text = raw.quote === '"' ? raw.text.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw.text
  return text.replace(REFERENCE, (whole, braced?: string, fallback?: string, bare?: string) => {
    if (whole === '\\$') return '$'
    return lookup((braced ?? bare)!, whole) ?? fallback ?? ''
  })
}

/**
 * What the .env files in `cwd` add to `env` for the program, as `bun x.ts` would load them:
 * never a variable the real environment already has.
 */
export async function readDotenv(cwd: string, env: Env): Promise<Record<string, string>> {
  const merged = new Map<string, RawValue>()
  for (const name of dotenvFileNames(env['NODE_ENV'])) {
    const text = await readUserText(join(cwd, name))
    if (text === undefined) continue
    for (const [key, value] of parseDotenv(text)) merged.set(key, value)
  }
  const added: Record<string, string> = {}
  const expanding = new Set<string>()
  const lookup = (name: string, written = name): string | undefined => {
    if (env[name] !== undefined) return env[name]
    if (name in added) return added[name]
    if (expanding.has(name)) return written
    const raw = merged.get(name)
    if (raw === undefined) return undefined
    expanding.add(name)
    added[name] = expand(raw, lookup)
    expanding.delete(name)
    return added[name]
  }
  for (const key of merged.keys()) if (env[key] === undefined) lookup(key)
  return added
}
