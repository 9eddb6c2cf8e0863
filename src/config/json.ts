import { locate } from '../transpile/error'
import { ConfigError } from '../errors'

/** JSON.parse, with the line and column of the first error when the text is not JSON. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const offset = firstErrorOffset(text)
    const { line, column } = locate(text, offset)
    throw new ConfigError(`${file}:${line}:${column}`, 'invalid JSON here')
  }
}

/** Walks the text as JSON and returns where it stops being valid. */
function firstErrorOffset(text: string): number {
  let i = 0
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++
  }
  const fail = (): never => {
    throw i
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') return container('}', true)
    if (c === '[') return container(']', false)
    if (c === '"') return string()
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))
    if (!m) fail()
    i += m![0].length
  }
  const string = (): void => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i))
    if (!m) fail()
    i += m![0].length
  }
  const container = (close: string, keyed: boolean): void => {
    i++
    ws()
    if (text[i] === close) return void i++
    for (;;) {
      if (keyed) {
        ws()
        if (text[i] !== '"') fail()
        string()
        ws()
        if (text[i] !== ':') fail()
        i++
      }
      value()
      ws()
      if (text[i] === close) return void i++
      if (text[i] !== ',') fail()
      i++
    }
  }
  try {
    value()
    ws()
    return i < text.length ? i : text.length
  } catch (at) {
    return typeof at === 'number' ? at : text.length
  }
}
