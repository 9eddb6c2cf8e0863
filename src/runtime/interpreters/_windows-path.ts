import { statSync } from 'node:fs'
import { win32 } from 'node:path'

/**
 * `python.exe` and `python3.exe` under `…\Microsoft\WindowsApps` are, on most Windows machines,
 * App Installer stubs that open the Microsoft Store (or print "Python was not found") instead
 * of running Python, and they sit early on PATH. They are passed over; a real Python installed
 * from the Store is reached through PHITON_PATH or `py.exe`.
 */
const STORE_STUB = /[\\/]Microsoft[\\/]WindowsApps[\\/]/i

export interface WindowsSearch {
  path?: string
  /** Store stubs passed over, for the message when nothing else is found. */
  skipped: string[]
}

const _isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false

/**
 * The first of `names` (without `.exe`) on a Windows PATH: entries split on `;` (a drive
 * letter's `:` is part of the entry), quotes removed, names in order of preference.
 */
export function searchWindowsPath(names: readonly string[], PATH: string, isFile: (path: string) => boolean = _isFile): WindowsSearch {
  const dirs = PATH.split(';').map((d) => d.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean)
  const skipped: string[] = []
  for (const name of names) {
    for (const dir of dirs) {
      const file = win32.join(dir, `${name}.exe`)
      if (!isFile(file)) continue
      if (STORE_STUB.test(file)) skipped.push(file)
      else return { path: file, skipped }
    }
  }
  return { skipped }
}
