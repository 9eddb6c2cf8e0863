import { Glob } from 'bun'
import { convert, decodeSource, encodeSource, TranspileError, type Dialect } from '../../src/transpile'

export interface CorpusReport {
  files: number
  bytes: number
  exact: number
  /** Files that already use a symbol in code: the only allowed misses, with their located error. */
  symbolInSource: string[]
  /** Anything else: must stay empty. */
  failures: string[]
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])

/** code → φ → code for every file, compared byte for byte with the file on disk. */
export async function roundTripCorpus(root: string, pattern: string, dialect: Dialect, jsx: (path: string) => boolean = () => false): Promise<CorpusReport> {
  const report: CorpusReport = { files: 0, bytes: 0, exact: 0, symbolInSource: [], failures: [] }
  for await (const path of new Glob(pattern).scan({ cwd: root, absolute: true, followSymlinks: false, onlyFiles: true })) {
    const bytes = await Bun.file(path).bytes()
    report.files++
    report.bytes += bytes.length
    const { text, encoding, bom } = decodeSource(bytes)
    const options = { dialect, filename: path, jsx: jsx(path) }
    try {
      const back = convert(convert(text, 'reverse', options).code, 'forward', options).code
      if (back === text && sameBytes(encodeSource(back, encoding, bom), bytes)) report.exact++
      else report.failures.push(`${path}: round trip differs`)
    } catch (error) {
      if (error instanceof TranspileError && error.code === 'SYMBOL_IN_SOURCE') report.symbolInSource.push(error.message)
      else report.failures.push(`${path}: ${(error as Error).message}`)
    }
  }
  return report
}

export const describeReport = (r: CorpusReport): string =>
  `${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB: ${r.exact} exact, ${r.symbolInSource.length} already use a symbol in code, ${r.failures.length} failures`
