export { decideDialect, guessHint, isGuess, type DialectQuestion } from './dialect'
export {
  bunExtensions, DEFAULT_PHI_EXTENSION, isPhiPath, kindOf, nodeCompiledExtensions, PHI_EXTENSIONS, PHI_KIND, phiExtensions,
  plainExtensionFor, plainExtensions,
} from './extensions'
export { DIALECT_MARKERS, nearestMarker, type Marker } from './markers'
export type { DialectDecision, DialectSource, FileKind, KindOfFile } from './types'
