import { dirname } from '../../util/paths'
import { findTsconfig } from '../tsconfig'

/**
 * Whether the entry needs Bun's full transpiler: the built-in runtime reads tsconfig `paths`
 * only, and legacy decorators (`experimentalDecorators`, with `emitDecoratorMetadata`) change
 * what the code means, with no pragma to ask for them file by file.
 */
export function needsFullBun(entryPath: string): boolean {
  return findTsconfig(dirname(entryPath)).compilerOptions.experimentalDecorators === true
}
