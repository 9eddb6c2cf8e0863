type Env = Record<string, string | undefined>

/**
 * Whether phicode's own output to this stream may be coloured: FORCE_COLOR (anything but 0 or
 * false) turns colour on, else NO_COLOR (any non-empty value) turns it off, else only a terminal
 * gets colour. FORCE_COLOR wins the way it does in Node, so a CI log can ask for colour.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: Env = process.env): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  if (env.NO_COLOR) return false
  return stream.isTTY === true
}

/** `text` in an SGR colour (31 red, 33 yellow, 36 cyan, 90 grey) when `on`. */
export function paint(text: string, code: number, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text
}
