import { readFileSync } from 'node:fs'

/** Fields of /proc/<pid>/stat that phicode reads (Linux). */
export interface ProcStat {
  state: string
  pgrp: number
  ttyNr: number
  tpgid: number
  /** Clock ticks after boot when the process started: with the pid, it names one process. */
  start: string
}

/**
 * /proc/<pid>/stat, or undefined where there is no /proc or the process is gone. The command
 * name in parentheses may hold spaces and parentheses, so fields are read after the last `)`.
 */
export function procStat(pid: number | 'self'): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return undefined
  }
  // From the third field on: state, ppid, pgrp, session, tty_nr, tpgid, …, starttime (22nd overall).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { state: fields[0]!, pgrp: Number(fields[2]), ttyNr: Number(fields[4]), tpgid: Number(fields[5]), start: fields[19]! }
}
