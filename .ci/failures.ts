/**
 * Prints each failed test of a `bun test --reporter=junit` report with its message. CI shows
 * only the end of a run's output, where bun lists failed tests by name alone; this puts the
 * reasons there too.
 */
const [report] = process.argv.slice(2)
if (!report) throw new Error('usage: bun .ci/failures.ts REPORT.xml')
const file = Bun.file(report)
if (await file.exists()) {
  const xml = await file.text()
  const unescape = (text: string) =>
    text.replace(/&(#\d+|quot|apos|lt|gt|amp);/g, (_, entity: string) =>
      entity.startsWith('#') ? String.fromCharCode(Number(entity.slice(1))) : { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' }[entity] ?? '')
  const failed = xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"[^>]*?file="([^"]*)" line="(\d+)"[^>]*>\s*<failure[^>]*>([\s\S]*?)<\/failure>/g)
  for (const [, name, within, path, line, message] of failed) {
    // bun writes the enclosing describe blocks innermost first.
    const title = [...unescape(within ?? '').split(' > ').reverse(), unescape(name ?? '')].filter(Boolean).join(' > ')
    console.log(`\n✗ ${path}:${line} ${title}\n${unescape(message ?? '').trim().slice(0, 2000)}`)
  }
}
