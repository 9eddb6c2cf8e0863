import { expect, test } from 'bun:test'
import { isEmbeddedPath } from '../../../src/util/self'

test('files inside a compiled binary are told apart from files on disk, on Linux, macOS and Windows', () => {
  for (const path of ['/$bunfs/root/phicode', '/$bunfs/root/convert/worker.js', 'B:/~BUN/root/phicode.exe', 'B:\\~BUN\\root\\phicode.exe']) {
    expect(isEmbeddedPath(path)).toBe(true)
  }
  for (const path of ['/work/app/main.φ', '/tmp/$bunfs/x', 'C:/Users/me/~BUN/app.ts', 'B:/app/~BUN/x', './$bunfs/root/x']) {
    expect(isEmbeddedPath(path)).toBe(false)
  }
})
