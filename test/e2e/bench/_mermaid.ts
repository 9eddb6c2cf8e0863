/**
 * Parses every ```mermaid block of the Markdown files named on the command line with mermaid's
 * own parser and prints one JSON line per chart: {file, index, type} or {file, index, error}.
 * Run as its own process: mermaid's sanitizer (DOMPurify) needs a DOM, and the linkedom window
 * set up here must not leak into other tests.
 */
import { parseHTML } from 'linkedom'

const { window } = parseHTML('<!doctype html><html><head></head><body></body></html>')
Object.assign(globalThis, { window, document: window.document })
const { default: mermaid } = await import('mermaid')

for (const file of process.argv.slice(2)) {
  const blocks = [...(await Bun.file(file).text()).matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)
  for (const [index, chart] of blocks.entries()) {
    try {
      const parsed = await mermaid.parse(chart)
      console.log(JSON.stringify({ file, index, type: parsed ? parsed.diagramType : null }))
    } catch (error) {
      console.log(JSON.stringify({ file, index, error: String(error) }))
    }
  }
}
