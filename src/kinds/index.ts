export { decideDialect, guessHint, isGuess } from './dialect'
export {
  bunExtensions, DEFAULT_PHI_EXTENSION, isPhiPath, kindOf, nodeCompiledExtensions, PHI_EXTENSIONS, PHI_KIND, phiExtensions,
  plainExtensionFor,
} from './extensions'
export type { DialectDecision, FileKind } from './types'
