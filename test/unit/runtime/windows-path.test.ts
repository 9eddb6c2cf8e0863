import { expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../helpers/tmp'
import { searchWindowsPath } from '../../../src/runtime/interpreters/_windows-path'

/** A Windows machine's files, as paths: the search runs its real code against them. */
const machine = (...files: string[]) => (path: string) => files.includes(path)

const STUB_DIR = 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps'
const NAMES = ['python3', 'python', 'py']

test('the Microsoft Store stubs first on PATH are passed over for the python.org install after them', () => {
  const PATH = `${STUB_DIR};C:\\Program Files\\Python312;C:\\Windows`
  const files = machine(`${STUB_DIR}\\python.exe`, `${STUB_DIR}\\python3.exe`, 'C:\\Program Files\\Python312\\python.exe', 'C:\\Windows\\py.exe')
  expect(searchWindowsPath(NAMES, PATH, files)).toEqual({
    path: 'C:\\Program Files\\Python312\\python.exe',
    skipped: [`${STUB_DIR}\\python3.exe`, `${STUB_DIR}\\python.exe`],
  })
})

test('with only the stubs and the py launcher, the launcher is taken', () => {
  const files = machine(`${STUB_DIR}\\python.exe`, 'C:\\Windows\\py.exe')
  expect(searchWindowsPath(NAMES, `${STUB_DIR};C:\\Windows`, files).path).toBe('C:\\Windows\\py.exe')
})

test('with only the stubs, nothing is found and the stubs are named', () => {
  const files = machine(`${STUB_DIR}\\python.exe`, `${STUB_DIR}\\python3.exe`)
  expect(searchWindowsPath(NAMES, `${STUB_DIR};C:\\Windows`, files)).toEqual({ skipped: [`${STUB_DIR}\\python3.exe`, `${STUB_DIR}\\python.exe`] })
})

test('PATH splits on semicolons only (drive letters keep their colon), quotes and empty entries are dropped, names are .exe', () => {
  const files = machine('D:\\tools\\py 3\\python3.exe')
  expect(searchWindowsPath(NAMES, ';;"D:\\tools\\py 3";C:\\Windows;', files).path).toBe('D:\\tools\\py 3\\python3.exe')
  expect(searchWindowsPath(NAMES, 'D:\\tools\\py 3', machine('D:\\tools\\py 3\\python3')).path).toBeUndefined()
})

test('the stub folder is recognised whatever its case or slashes', () => {
  const odd = 'c:/users/me/appdata/local/microsoft/windowsapps'
  const file = 'c:\\users\\me\\appdata\\local\\microsoft\\windowsapps\\python.exe'
  expect(searchWindowsPath(NAMES, odd, machine(file))).toEqual({ skipped: [file] })
})

test('entries are trimmed before their quotes go, quotes inside an entry stay, and an empty entry is no folder', () => {
  expect(searchWindowsPath(NAMES, '  "D:\\py"  ;C:\\Windows', machine('D:\\py\\python.exe')).path).toBe('D:\\py\\python.exe')
  expect(searchWindowsPath(NAMES, 'D:\\a"b"', machine('D:\\a"b"\\python.exe')).path).toBe('D:\\a"b"\\python.exe')
  expect(searchWindowsPath(NAMES, '"D:\\q" x', machine('"D:\\q" x\\python.exe')).path).toBe('"D:\\q" x\\python.exe')
  // `python3.exe` alone is what an empty entry would join to: it is never asked for.
  expect(searchWindowsPath(NAMES, ';  ;', machine('python3.exe', 'python.exe', 'py.exe'))).toEqual({ skipped: [] })
})

test('without a file check given, the real file system is asked: a folder of the name is passed over', () => {
  // On Linux, win32.join('.', 'python.exe') is 'python.exe', a name in the working directory.
  const dir = tempDir('phicode-winpath-')
  mkdirSync(join(dir, 'python3.exe'))
  writeFileSync(join(dir, 'python.exe'), '')
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    expect(searchWindowsPath(NAMES, '.')).toEqual({ path: 'python.exe', skipped: [] })
    expect(searchWindowsPath(['nothing'], '.')).toEqual({ skipped: [] })
  } finally {
    process.chdir(cwd)
  }
})
