import { expect, test } from 'bun:test'
import { embeddedEntryOf, isEmbeddedPath, selfCommandOf } from '../../../src/util/self'

test('files inside a compiled binary are told apart from files on disk, on Linux, macOS and Windows', () => {
  for (const path of ['/$bunfs/root/phicode', '/$bunfs/root/convert/worker.js', 'B:/~BUN/root/phicode.exe', 'B:\\~BUN\\root\\phicode.exe', 'b:\\~BUN\\', 'z:/~BUN/']) {
    expect(isEmbeddedPath(path)).toBe(true)
  }
  for (const path of ['/work/app/main.φ', '/tmp/$bunfs/x', 'C:/Users/me/~BUN/app.ts', 'B:/app/~BUN/x', './$bunfs/root/x', 'é:/~BUN/x', '1:/~BUN/x', '[:/~BUN/x', 'B:/~BUNx/y', 'B:~BUN/x', 'B:/~BUN', '/$bunfs']) {
    expect(isEmbeddedPath(path)).toBe(false)
  }
})

test('a compiled binary starts itself again as the executable alone, on every OS; from source, as Bun with the entry', () => {
  expect(selfCommandOf('B:/~BUN/root/phicode.exe', 'C:\\Program Files\\phicode\\phicode.exe')).toEqual(['C:\\Program Files\\phicode\\phicode.exe'])
  expect(selfCommandOf('B:\\~BUN\\root\\phicode.exe', 'C:\\bin\\phicode.exe')).toEqual(['C:\\bin\\phicode.exe'])
  expect(selfCommandOf('/$bunfs/root/phicode', '/usr/local/bin/phicode')).toEqual(['/usr/local/bin/phicode'])
  expect(selfCommandOf('C:\\src\\phicode\\src\\cli\\index.ts', 'C:\\bun\\bun.exe')).toEqual(['C:\\bun\\bun.exe', 'C:\\src\\phicode\\src\\cli\\index.ts'])
  expect(selfCommandOf('/work/phicode/src/cli/index.ts', '/usr/bin/bun')).toEqual(['/usr/bin/bun', '/work/phicode/src/cli/index.ts'])
})

test('the convert worker is found beside the embedded entry with that OS\'s separators', () => {
  expect(embeddedEntryOf('B:\\~BUN\\root\\phicode.exe', 'convert/worker.js')).toBe('B:\\~BUN\\root\\convert\\worker.js')
  expect(embeddedEntryOf('B:/~BUN/root/phicode.exe', 'convert/worker.js')).toBe('B:\\~BUN\\root\\convert\\worker.js')
  expect(embeddedEntryOf('/$bunfs/root/phicode', 'convert/worker.js')).toBe('/$bunfs/root/convert/worker.js')
})
