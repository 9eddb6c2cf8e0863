import { expect, test } from 'bun:test'
import { ARGS } from '../../../src/cli/args'
import { parseArgv } from '../../../src/cli/argv'

test('-m NAME: the name is the module, every word after it the module\'s (runner flags stay phicode\'s)', () => {
  expect(parseArgv(['-m', 'pytest', '-x', '-k', 'slow', '--debug'], ARGS)).toEqual({
    args: { 'python-module': true, module: 'pytest', debug: true },
    moduleArgs: ['-x', '-k', 'slow'],
  })
  expect(parseArgv(['--cpython', '-m', 'http.server', '0', '--bind', '127.0.0.1', '-m', 'x'], ARGS)).toEqual({
    args: { cpython: true, 'python-module': true, module: 'http.server' },
    moduleArgs: ['0', '--bind', '127.0.0.1', '-m', 'x'],
  })
})
