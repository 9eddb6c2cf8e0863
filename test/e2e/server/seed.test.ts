/**
 * The seed engine's response fields, with the values it gave them, in replies of the compiled
 * server on 127.0.0.1, each reply also checked against the served OpenAPI document.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { get, post, documentedServer } from '../../helpers/api'
import { ROOT } from '../../helpers/binary'
import { PYTHON_TABLE } from '../../helpers/symbols'

const api = documentedServer()
const { conforms } = api

describe('the seed engine\'s fields', () => {
  test('are declared in the served document', () => {
    const { Info, Symbols, ExecuteResponse, ConvertResponse } = api.doc.components.schemas
    expect(Info.required).toEqual(expect.arrayContaining(['success', 'engine', 'badge', 'symbol', 'python_info', 'api_version']))
    expect(Symbols.required).toEqual(expect.arrayContaining(['success', 'python_to_phicode', 'phicode_to_python', 'symbol_count']))
    expect(ExecuteResponse.properties.error.type).toEqual(['string', 'null'])
    expect(ConvertResponse.required).toEqual(expect.arrayContaining(['success', 'converted', 'symbols_used', 'target']))
  })

  test('GET /info: success, engine, badge, symbol, python_info and api_version', async () => {
    const info = await get(api.server.url, '/info')
    conforms(info, 'GET', '/info', 200)
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(info.body).toMatchObject({ success: true, engine: '(φ) Phicode Engine', badge: '(φ)', symbol: 'φ', api_version: version })
    // The interpreter the server runs Python with says what it is.
    const asked = await post(api.server.url, '/execute', { code: 'import sys\nprint(sys.implementation.name, "%d.%d" % sys.version_info[:2])\n', type: 'python' })
    expect(asked.body.exit_code).toBe(0)
    expect(info.body.python_info).toBe(asked.body.output.trim())
  })

  test('GET /symbols: success, python_to_phicode, phicode_to_python and symbol_count', async () => {
    const symbols = await get(api.server.url, '/symbols')
    conforms(symbols, 'GET', '/symbols', 200)
    expect(symbols.body.success).toBe(true)
    expect(symbols.body.python_to_phicode).toEqual(PYTHON_TABLE)
    expect(symbols.body.phicode_to_python).toEqual(Object.fromEntries(Object.entries(PYTHON_TABLE).map(([k, s]) => [s, k])))
    // 48 pairs, as the seed's own table has (DESIGN.md's heading says 46 but lists 48).
    expect(symbols.body.symbol_count).toBe(48)
  })

  test('POST /execute: error is null on success, the failure text otherwise', async () => {
    const ok = await post(api.server.url, '/execute', { code: 'print("hi")', type: 'python' })
    conforms(ok, 'POST', '/execute', 200)
    expect(ok.body).toMatchObject({ success: true, output: 'hi\n', error: null })
    expect(ok.body.execution_time).toBeGreaterThan(0)
    const failed = await post(api.server.url, '/execute', { code: 'import sys\nsys.stderr.write("bad\\n")\nsys.exit(2)\n', type: 'python' })
    conforms(failed, 'POST', '/execute', 200)
    expect(failed.body).toMatchObject({ success: false, output: '', error: 'bad\n', stderr: 'bad\n', exit_code: 2 })
  })

  test('POST /convert: success, converted, symbols_used (in table order) and target', async () => {
    const toPhi = await post(api.server.url, '/convert', { code: 'def f():\n    return None\n', target: 'phicode' })
    conforms(toPhi, 'POST', '/convert', 200)
    expect(toPhi.body).toMatchObject({ success: true, converted: 'ƒ f():\n    ⟲ Ø\n', symbols_used: ['Ø', 'ƒ', '⟲'], target: 'phicode' })
    const toPython = await post(api.server.url, '/convert', { code: 'π(✓ ∧ ⊥)\n', target: 'python' })
    conforms(toPython, 'POST', '/convert', 200)
    expect(toPython.body).toMatchObject({ success: true, converted: 'print(True and False)\n', symbols_used: ['⊥', '✓', '∧', 'π'], target: 'python' })
  })

  test('errors keep the seed\'s {success: false, error}', async () => {
    const missing = await get(api.server.url, '/nope')
    expect(missing.status).toBe(404)
    expect(missing.body.success).toBe(false)
    expect(typeof missing.body.error).toBe('string')
    const bad = await post(api.server.url, '/convert', { code: 'x' })
    conforms(bad, 'POST', '/convert', 400)
    expect(bad.body).toEqual({ success: false, error: "field 'target' is required", field: 'target' })
  })
})
