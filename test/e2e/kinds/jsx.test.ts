import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { post, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/** JSX text holding φ symbols: text, never code, in a run, in --convert and in POST /convert. */
const PAGE = `// phicode: typescript
/** @jsxRuntime classic */
/** @jsx h */
const h = (tag: string, _props: unknown, ...children: unknown[]): string => \`<\${tag}>\${children.join('')}</\${tag}>\`
ƒ Page() {
  ⟲ <p>¿ ⟲</p>
}
π(Page())
`

const PAGE_TS = `// phicode: typescript
/** @jsxRuntime classic */
/** @jsx h */
const h = (tag: string, _props: unknown, ...children: unknown[]): string => \`<\${tag}>\${children.join('')}</\${tag}>\`
function Page() {
  return <p>¿ ⟲</p>
}
console.log(Page())
`

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(stopAllServers)

describe('JSX text in a φ file stays text everywhere', () => {
  const dir = tempDir('phicode-jsx-')
  writeFileSync(join(dir, 'page.φ'), PAGE)

  test('running it prints the JSX text as written', async () => {
    expect(await runPhicode(['page.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: '<p>¿ ⟲</p>\n' })
  })

  test('phicode --convert page.φ', async () => {
    expect(await runPhicode(['--convert', 'page.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: PAGE_TS })
  })

  test('POST /convert, both ways', async () => {
    const forward = await post(server.url, '/convert', { code: PAGE, target: 'typescript' })
    expect([forward.status, forward.body.converted]).toEqual([200, PAGE_TS])
    const reverse = await post(server.url, '/convert', { code: 'const a = <p>if return</p>\n', target: 'phicode', dialect: 'typescript' })
    expect([reverse.status, reverse.body.converted]).toEqual([200, 'const a = <p>if return</p>\n'])
  })

  test('phicode --convert - (stdin is read as a φ file is)', async () => {
    const r = await runPhicode(['--convert', '-', '--to', 'phicode', '--dialect', 'typescript'], { stdin: 'const a = <p>if return</p>\n' })
    expect(r).toMatchObject({ code: 0, stdout: 'const a = <p>if return</p>\n' })
  })
})

describe('type parameters are not JSX', () => {
  // TSX allows `<V>` in a type; only an element closed by `</V` later is JSX.
  const TYPES = `export type Same<T, U> = (<V>() => V extends T ? 1 : 2) extends <V>() => V extends U ? 1 : 2 ? ✓ : ⊥
type Pick1<T extends object> = <K extends keyof T>(key: K) => T[K]
const same: Same<1, 1> = ✓
π(same)
`
  const dir = tempDir('phicode-jsx-types-')
  writeFileSync(join(dir, 'types.φ'), `// phicode: typescript\n${TYPES}`)

  test('a φ file with generic function types runs and converts', async () => {
    expect(await runPhicode(['types.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'true\n' })
    const r = await runPhicode(['--convert', 'types.φ'], { cwd: dir })
    expect(r.stdout).toBe(`// phicode: typescript
export type Same<T, U> = (<V>() => V extends T ? 1 : 2) extends <V>() => V extends U ? 1 : 2 ? true : false
type Pick1<T extends object> = <K extends keyof T>(key: K) => T[K]
const same: Same<1, 1> = true
console.log(same)
`)
  })
})
