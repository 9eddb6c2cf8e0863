import { findProjectRoot, generateConfig, resetConfig } from '../../config'
import { logger, printJson } from '../output'

export function configGenerateCommand(force: boolean, json: boolean): number {
  const file = generateConfig(findProjectRoot(process.cwd()), force)
  if (json) printJson({ written: file })
  else logger.success(`wrote ${file}`)
  return 0
}

export function configResetCommand(json: boolean): number {
  const file = resetConfig(findProjectRoot(process.cwd()))
  if (json) printJson({ removed: file ?? null })
  else if (file) logger.success(`removed ${file}; the default symbols apply`)
  else logger.info('no config file in this project; the default symbols already apply')
  return 0
}
