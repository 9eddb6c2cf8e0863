import { join } from 'node:path'
import { phicodeHome } from '../util/home'

/** `PHICODE_HOME/phiemon`: `<name>.json` state, `<name>.lock`, and `logs/`. */
export const phiemonDir = (): string => join(phicodeHome(), 'phiemon')
export const statePath = (name: string): string => join(phiemonDir(), `${name}.json`)
export const lockPath = (name: string): string => join(phiemonDir(), `${name}.lock`)
export const logDir = (): string => join(phiemonDir(), 'logs')
export const logPath = (name: string): string => join(logDir(), `${name}.log`)
/** The supervisor's own stderr: only an engine failure ever lands here. */
export const supervisorLogPath = (name: string): string => join(logDir(), `${name}.supervisor.log`)
/** What `--phiemon-save` recorded for `--phiemon-resurrect`; beside the state folder, so no daemon name can clash with it. */
export const dumpPath = (): string => join(phicodeHome(), 'phiemon-dump.json')
