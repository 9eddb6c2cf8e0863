import { readFileSync } from 'node:fs'

/**
 * /proc/<pid>/stat as proc(5) lays it out, read by the tests themselves (an oracle apart from
 * src/util/proc.ts): the fields after the command name, which may hold spaces and parentheses.
 * Index 0 is the state (field 3), 1 the parent (4), 2 the group (5), 3 the session (6), 4 the
 * terminal (7), 19 the start time (22). Undefined when the process is gone.
 */
export function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** The kernel start time of a live, non-zombie process: with its pid, what tells it from a reused pid. */
export function startOf(pid: number): string | undefined {
  const fields = statFields(pid)
  return fields && fields[0] !== 'Z' && fields[0] !== 'X' ? fields[19] : undefined
}
