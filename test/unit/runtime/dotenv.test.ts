import { describe, expect, test } from 'bun:test'
import { readDotenv } from '../../../src/runtime/dotenv'
import { BUN } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

/** What the real Bun adds to an empty environment (PATH and `env` aside) from the .env files of `cwd`. */
function bunReads(cwd: string, env: Record<string, string> = {}): Record<string, string> {
  const script = 'const o = {}; for (const [k, v] of Object.entries(process.env)) if (!(k in JSON.parse(process.argv[1]))) o[k] = v; console.log(JSON.stringify(o))'
  const given = { PATH: process.env.PATH ?? '', ...env }
  const run = Bun.spawnSync([BUN, '-e', script, JSON.stringify(given)], { cwd, env: given })
  if (!run.success) throw new Error(`bun failed: ${run.stderr.toString()}`)
  return JSON.parse(run.stdout.toString()) as Record<string, string>
}

const FILES = {
  '.env': [
    'A=1 # a comment',
    'export  B = two words  ',
    'C="x\\ny"',
    "D='s\\n$A'",
    'E=`t $A`',
    'F="multi',
    'line"',
    'G="esc \\" q"',
    "H='open",
    'I=${A}-$B-${NOPE:-fb}',
    'J=\\$A',
    'K.x-y=k',
    'EMPTY=',
    'M="a"b',
    'N=  ',
    'R=v\r',
    'not a line',
    '# A=comment',
    'W=first',
    'W=second',
  ].join('\n'),
  '.env.development': 'A=dev\nO=dev\n',
  '.env.production': 'O=prod\nQ=prod\n',
  '.env.test': 'O=test\n',
  '.env.local': 'O=local\nP=loc\n',
}

describe('readDotenv', () => {
  const dir = tempProject(FILES)

  test('development (no NODE_ENV): .env, then .env.development, then .env.local; values as written by hand', async () => {
    expect(await readDotenv(dir, {})).toEqual({
      A: 'dev',
      B: 'two words',
      C: 'x\ny',
      D: 's\\ndev',
      E: 't dev',
      F: 'multi\nline',
      G: 'esc \\" q',
      H: "'open",
      I: 'dev-two words-fb',
      J: '$A',
      'K.x-y': 'k',
      EMPTY: '',
      M: 'a',
      N: '',
      R: 'v',
      W: 'second',
      O: 'local',
      P: 'loc',
    })
  })

  test('production reads .env.production and still .env.local; test reads .env.test and no .env.local; any other NODE_ENV is development', async () => {
    const production = await readDotenv(dir, { NODE_ENV: 'production' })
    expect([production['A'], production['O'], production['P'], production['Q']]).toEqual(['1', 'local', 'loc', 'prod'])
    const testing = await readDotenv(dir, { NODE_ENV: 'test' })
    expect([testing['A'], testing['O'], testing['P'], testing['Q']]).toEqual(['1', 'test', undefined, undefined])
    const other = await readDotenv(dir, { NODE_ENV: 'staging' })
    expect([other['A'], other['O'], other['Q']]).toEqual(['dev', 'local', undefined])
  })

  test('a variable the real environment has is never added, and references read it first', async () => {
    const added = await readDotenv(dir, { A: 'real', O: 'mine' })
    expect('A' in added).toBe(false)
    expect('O' in added).toBe(false)
    expect(added['E']).toBe('t real')
    expect(added['I']).toBe('real-two words-fb')
  })

  test('a folder without .env files adds nothing', async () => {
    expect(await readDotenv(tempProject({ 'x.txt': 'A=1\n' }), {})).toEqual({})
  })

  test('the same files read by the real Bun give the same variables, in every mode', async () => {
    for (const mode of [undefined, 'production', 'test', 'staging']) {
      const env: Record<string, string> = mode ? { NODE_ENV: mode } : {}
      expect((await readDotenv(dir, env)) as Record<string, string>).toEqual(bunReads(dir, env))
    }
  })

  test('a .env opening with a byte order mark reads as Bun reads it, in folders whose path has # or ? too', async () => {
    // Such paths are read through node:fs, not Bun's loader, where a # or ? would end the file's name.
    for (const folder of ['plain', 'with#hash', 'with?mark']) {
      const here = tempProject({ [`${folder}/.env`]: '\uFEFFFIRST=1\nSECOND=2\n' })
      const cwd = `${here}/${folder}`
      expect(await readDotenv(cwd, {})).toEqual({ FIRST: '1', SECOND: '2' })
      expect((await readDotenv(cwd, {})) as Record<string, string>).toEqual(bunReads(cwd))
    }
  })

  test('${NAME:-fallback} falls back only when NAME is unset, as Bun does (an empty value is kept)', async () => {
    const here = tempProject({ '.env': 'EMPTY=\nI=[${EMPTY:-fb}]\nJ=${LATER:-no}-$LATER\nLATER=z\nK=[${GIVEN:-fb}]\nU=[$UNSET_X][${UNSET_Y}]\n' })
    const expected = { EMPTY: '', I: '[]', J: 'z-z', LATER: 'z', K: '[]', U: '[][]' }
    expect(await readDotenv(here, { GIVEN: '' })).toEqual(expected)
    expect(bunReads(here, { GIVEN: '' })).toEqual(expected)
  })

  test('a reference back into the variable being expanded is kept as written, as Bun keeps it', async () => {
    const here = tempProject({ '.env': 'S=$S\nX=$Y\nY=$X\nA=[${S}]\n' })
    const expected = { S: '$S', X: '$X', Y: '$X', A: '[$S]' }
    expect(await readDotenv(here, {})).toEqual(expected)
    expect(bunReads(here)).toEqual(expected)
  })

  test('an unclosed double quote on the last line is read as a bare value, quote and all', async () => {
    const here = tempProject({ '.env': 'A=1\nU="abc $A  ' })
    expect(await readDotenv(here, {})).toEqual({ A: '1', U: '"abc 1' })
    expect(bunReads(here)).toEqual({ A: '1', U: '"abc 1' })
  })

  test('every kind of quote spans lines and skips a quote escaped by a backslash (kept); \\r alone breaks a line, as Bun reads them', async () => {
    const here = tempProject({
      '.env': ["A='x\\'y'", 'B=`x', 'y`', "C='x", "y'", 'Q0=""', "S0=''", 'HASH=#x', 'E=x\ry', 'DR="a\\rb"', 'ML="one\r\ntwo\r\n"', 'MI="one\nt\rwo"', "D2='open", 'Z=1'].join('\n'),
    })
    const expected = { A: "x\\'y", B: 'x\ny', C: 'x\ny', Q0: '', S0: '', HASH: '', E: 'x', DR: 'a\rb', ML: 'one\ntwo\n', MI: 'one\nt\nwo', D2: "'open", Z: '1' }
    expect(bunReads(here)).toEqual(expected)
    expect(await readDotenv(here, {})).toEqual(expected)
  })
})
