/**
 * phicode reads a project's files without opening them for writing. A watcher that reruns a
 * command whenever a file is closed after writing (`inotifywait -e close_write .env app.φ`,
 * `entr`) would otherwise rerun it after every run of its own: a mapping (`Bun.mmap`) opens the
 * file for writing, and the `.env` of every run was mapped. The kernel's own account is the
 * oracle: Linux inotify events, read through Python's ctypes by a watcher started first.
 */
import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'

const WATCHER = `
import ctypes, json, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init()
IN_CLOSE_WRITE, IN_CLOSE_NOWRITE = 0x8, 0x10
names = {libc.inotify_add_watch(fd, path.encode(), IN_CLOSE_WRITE | IN_CLOSE_NOWRITE): path for path in sys.argv[1:]}
print('ready', flush=True)
sys.stdin.read()
os.set_blocking(fd, False)
seen = []
try:
    data = os.read(fd, 1 << 16)
except BlockingIOError:
    data = b''
at = 0
while at < len(data):
    wd, mask, _, size = struct.unpack_from('iIII', data, at)
    seen.append([os.path.basename(names[wd]), 'written' if mask & IN_CLOSE_WRITE else 'read'])
    at += 16 + size
print(json.dumps(seen))
`

test.skipIf(process.platform !== 'linux')('a run, a planned one too, closes the .env, the tsconfig and the modules it read without writing', async () => {
  const dir = tempProject({
    'package.json': '{}',
    'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    '.env': 'GREETING=hi\n',
    'lib.φ': 'export ƒ twice(n: number): number {\n  ⟲ n * 2\n}\n',
    'main.φ': "// phicode: typescript\n⇒ { twice } ← './lib'\nπ(process.env.GREETING, twice(21))\n",
  })
  const watched = ['.env', 'tsconfig.json', 'lib.φ', 'main.φ'].map((name) => join(dir, name))
  const watcher = Bun.spawn(['python3', '-c', WATCHER, ...watched], { stdin: 'pipe', stdout: 'pipe', stderr: 'inherit' })
  const lines = watcher.stdout.getReader()
  const decoder = new TextDecoder()
  // Its first line says the watches are set; it may come in pieces.
  let first = ''
  while (!first.includes('\n')) {
    const chunk = await lines.read()
    if (chunk.done) break
    first += decoder.decode(chunk.value, { stream: true })
  }
  expect(first).toBe('ready\n')
  try {
    // Decided, its walk kept, then planned.
    for (let k = 0; k < 3; k++) {
      const r = await runPhicode(['main.φ'], { cwd: dir, env: { PHICODE_HOME: join(dir, '.home'), PHICODE_SLOW_START_MS: '600000' } })
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'hi 42\n', stderr: '' })
    }
  } finally {
    watcher.stdin.end()
  }
  let out = ''
  for (let chunk = await lines.read(); !chunk.done; chunk = await lines.read()) out += decoder.decode(chunk.value, { stream: true })
  expect(await watcher.exited).toBe(0)
  const seen = JSON.parse(out) as Array<[string, 'read' | 'written']>
  // Every file was read (the runs did read them, so the watcher did see them), none was written.
  expect([...new Set(seen.map(([name]) => name))].sort()).toEqual(['.env', 'lib.φ', 'main.φ', 'tsconfig.json'])
  expect(seen.filter(([, how]) => how === 'written')).toEqual([])
})
