import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { loadConfig, type LoadedConfig } from '../../config'
import { PhicodeError } from '../../errors'
import { convert, decodeSource, TranspileError } from '../../transpile'

/**
 * The bootstrap's answer for one φ file, by tag: `S` its Python source, `T` a transpile error
 * (line, column, φ line, reason), `O` the errno of a failed read, `I` any other reason it
 * cannot be imported. The bootstrap turns them into SyntaxError, OSError and ImportError.
 */
export interface ModuleReply {
  tag: 'S' | 'T' | 'O' | 'I'
  body: string
}

/** Transpiles φ files for Python, each with the symbol table of its own project. */
export function createModuleTranspiler(entryDir: string, entryConfig: LoadedConfig): (path: string) => ModuleReply {
  const configs = new Map([[entryDir, entryConfig]])
  const configFor = (dir: string): LoadedConfig => {
    let config = configs.get(dir)
    if (!config) configs.set(dir, (config = loadConfig(dir)))
    return config
  }
  return (path) => transpileModule(path, configFor)
}

function transpileModule(path: string, configFor: (dir: string) => LoadedConfig): ModuleReply {
  let source: string
  try {
    source = decodeSource(readFileSync(path)).text
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    // node:os loads only on this error path; start-up does not pay for it.
    const { errno } = (require('node:os') as typeof import('node:os')).constants
    return { tag: 'O', body: String(errno[code as keyof typeof errno] ?? errno.EIO) }
  }
  try {
    return { tag: 'S', body: convert(source, 'forward', { table: configFor(dirname(path)).tables.python, filename: path }).code }
  } catch (error) {
    if (error instanceof TranspileError) return { tag: 'T', body: transpileErrorBody(error, source) }
    if (error instanceof PhicodeError) return { tag: 'I', body: error.message }
    // An engine bug must not leave the program waiting for an answer.
    return { tag: 'I', body: `phicode: internal error converting ${path}: ${(error as Error).message}` }
  }
}

function transpileErrorBody(error: TranspileError, source: string): string {
  const line = source.split(/\r\n|\r|\n/)[error.line - 1] ?? ''
  return [error.line, error.column, `${line}\n`, error.reason].join('\0')
}
