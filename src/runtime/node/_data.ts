import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import type { Attributes } from './_attributes'
import type { Transformed } from './_transform'

/** The import attribute types Bun reads besides `json` (Node's own), each with its parser. */
const PARSERS: Record<string, (text: string) => unknown> = {
  text: (text) => text,
  toml: (text) => Bun.TOML.parse(text),
  yaml: (text) => Bun.YAML.parse(text),
  jsonc: (text) => Bun.JSONC.parse(text),
  json5: (text) => Bun.JSON5.parse(text),
}

/** The attribute type Bun gives a file by its extension, where an import names none. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  '.json': 'json', '.jsonc': 'jsonc', '.json5': 'json5', '.toml': 'toml', '.yaml': 'yaml', '.yml': 'yaml', '.txt': 'text',
}

/** `{ type }` for a data file Bun would load by its extension (Node wants it said). */
export function dataAttributes(specifier: string): Attributes | undefined {
  const type = TYPE_BY_EXTENSION[extname(specifier.replace(/[?#].*$/, ''))]
  return type === undefined ? undefined : { type }
}

export const isDataType = (type: string): boolean => Object.hasOwn(PARSERS, type)

/**
 * A data file as the ES module Bun makes of it: the parsed value as the default export and,
 * for an object, each key as a named export too (`import { port } from './config.toml'`).
 */
export function dataModule(path: string, type: string): Transformed {
  let value: unknown
  try {
    value = PARSERS[type]!(readFileSync(path, 'utf8'))
  } catch (error) {
    const message = `${path}: cannot read it as ${type}: ${error instanceof Error ? error.message : String(error)}`
    return { error: { name: 'SyntaxError', message, stack: `SyntaxError: ${message}` } }
  }
  const lines = [`const data = ${JSON.stringify(value)}`, 'export default data']
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    Object.keys(value).forEach((key, n) => {
      if (key !== 'default') lines.push(`const _${n} = data[${JSON.stringify(key)}]`, `export { _${n} as ${JSON.stringify(key)} }`)
    })
  }
  return { source: `${lines.join('\n')}\n` }
}
