/** From source, the φ preload is the register module itself: Bun runs TypeScript, nothing is written. */
import { expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { phiPreloadFile } from '../../../../src/runtime/bun/preload'
import { ROOT } from '../../../helpers/root'
import { tempDir } from '../../../helpers/tmp'

test('from source: plugins/register.ts, and PHICODE_HOME stays empty', async () => {
  const home = tempDir()
  expect(await phiPreloadFile({ PHICODE_HOME: home })).toBe(join(ROOT, 'plugins', 'register.ts'))
  expect(readdirSync(home)).toEqual([])
})
