/**
 * Reads a program's stdout to its end, calling `act` once, as soon as the output matches
 * `marker` (the program saying it is ready for what the test does next). Returns all it printed.
 */
export async function readActingOnce(stdout: ReadableStream<Uint8Array>, marker: RegExp, act: (match: RegExpExecArray) => void): Promise<string> {
  const reader = stdout.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let acted = false
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return text + decoder.decode()
    text += decoder.decode(value, { stream: true })
    const match = acted ? null : marker.exec(text)
    if (match) {
      acted = true
      act(match)
    }
  }
}
