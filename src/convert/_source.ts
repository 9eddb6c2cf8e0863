import { convert } from '../transpile/convert'
import { codingDeclaration, decodePhiSource, decodeSource, encodeSource, encodingName, withCodingDeclaration } from '../transpile/source'
import type { LoadedConfig } from '../config/types'
import type { Dialect, Direction, SymbolTable } from '../transpile/types'
import { swapShebang } from './_shebang'
import { inferConversion, isPhiFile, jsxOf, type Target } from './infer'

interface SourceConversion {
  /** The converted file as it is written: encoding, coding line, BOM and shebang applied. */
  bytes: Uint8Array
  text: string
  symbolsUsed: string[]
  /** The encoding the output is written in. */
  encoding: string
}

interface SourceOptions {
  direction: Direction
  dialect: Dialect
  table: SymbolTable
  filename: string
  jsx: boolean
}

/**
 * One file's bytes converted. φ files are always UTF-8, since the symbols exist in no legacy
 * encoding: code → φ re-encodes a source declared in another encoding and rewrites its coding
 * line to utf-8 (a φ file declaring latin-1 over UTF-8 bytes would be misread by Python and by
 * editors). φ → code writes the encoding the φ file declares. A UTF-8 BOM stays where it was.
 */
function convertSource(raw: Uint8Array, options: SourceOptions): SourceConversion {
  const { text: source, encoding: declared, bom } = options.direction === 'forward' ? decodePhiSource(raw) : decodeSource(raw)
  const result = convert(source, options.direction, { table: options.table, filename: options.filename, jsx: options.jsx })
  let text = swapShebang(result.code, options.direction, options.dialect)
  let encoding = options.direction === 'reverse' ? 'utf-8' : declared
  if (encoding !== 'utf-8' && !representable(text, encoding)) encoding = 'utf-8'
  const cookie = codingDeclaration(raw)
  if (cookie !== undefined && encodingName(cookie) !== encoding) text = withCodingDeclaration(text, encoding)
  return { bytes: encodeSource(text, encoding, bom), text, symbolsUsed: result.symbolsUsed, encoding }
}

function representable(text: string, encoding: string): boolean {
  const bytes = encodeSource(text, encoding)
  return decodeSource(bytes).text === text
}

export interface ConvertedWith extends SourceConversion {
  direction: Direction
  dialect: Dialect
}

/**
 * One source converted under its project's config: direction and dialect inferred from the
 * name, the flags and the text (see `inferConversion`), then `convertSource`. `path` is
 * undefined for standard input.
 */
export function convertWithConfig(
  raw: Uint8Array,
  path: string | undefined,
  asked: { to?: Target; dialect?: Dialect },
  loaded: LoadedConfig,
): ConvertedWith {
  const phi = path !== undefined && isPhiFile(path, loaded.config.file_extension)
  const { direction, dialect } = inferConversion({
    path,
    source: (phi ? decodePhiSource(raw) : decodeSource(raw)).text,
    to: asked.to,
    dialect: asked.dialect,
    configured: loaded.config.language,
    fileExtension: loaded.config.file_extension,
    tables: loaded.tables,
  })
  const jsx = dialect === 'typescript' && jsxOf(path, loaded.config.file_extension)
  const result = convertSource(raw, { direction, dialect, table: loaded.tables[dialect], filename: path ?? '<stdin>', jsx })
  return { ...result, direction, dialect }
}
