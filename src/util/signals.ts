import { parseProcStat, procStat } from './proc'

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

/**
 * Whether a child should lead a process group of its own. Without a controlling terminal (a
 * daemon, CI, a service manager, `setsid`), the senders of signals are `kill PID` and group
 * kills (`kill -- -PGID`, Phiemon's stop, systemd's control-group kill): a child in phicode's
 * group would get a group kill from the kernel and once more from the relay, and nothing can tell
 * the two apart afterwards. In a group of its own it gets every signal once, from the relay; it
 * must then end itself when phicode is killed outright (a SIGKILL cannot be relayed). On a
 * terminal the child stays in the foreground group: Ctrl-C and job control reach it directly.
 * Linux only: the child's guard is prctl(PR_SET_PDEATHSIG). `selfStat`: /proc/self/stat's text,
 * when the caller has read it already.
 */
export function childOwnsGroup(selfStat?: string): boolean {
  if (process.platform !== 'linux') return false
  const self = selfStat === undefined ? procStat('self') : parseProcStat(selfStat)
  return self !== undefined && self.ttyNr === 0
}

/**
 * Relays signals sent to phicode to the child, except those the child has already received.
 * A child in phicode's process group (on a terminal) gets Ctrl-C/Ctrl-\ from the terminal
 * with the whole foreground group, and a hangup with every job: forwarding those too would
 * deliver them twice. A child leading its own group (`childOwnsGroup`) gets everything relayed.
 * Such a group receives what is relayed as a whole, as phicode's group would have from a group kill.
 * Installed before the child exists so no signal in between ends phicode; returns the uninstaller.
 */
export function relaySignals(childPid: () => number | undefined, ownGroup = false): () => void {
  const relay = (signal: NodeJS.Signals) => {
    const pid = childPid()
    if (pid === undefined || (!ownGroup && groupDelivered(signal, pid))) return
    try {
      process.kill(ownGroup ? -pid : pid, signal)
    } catch {
      // Exited meanwhile: its status is about to be reported.
    }
  }
  for (const signal of FORWARDED) process.on(signal, relay)
  return () => {
    for (const signal of FORWARDED) process.off(signal, relay)
  }
}

/** Whether the kernel most likely sent `signal` to the child's group as well as to us. */
function groupDelivered(signal: NodeJS.Signals, childPid: number): boolean {
  if (signal === 'SIGTERM') return false
  const self = procStat('self')
  if (!self) return attachedToTerminal()
  const child = procStat(childPid)
  if (!child) return true
  if (child.pgrp !== self.pgrp) return false
  if (signal === 'SIGHUP') return self.ttyNr !== 0
  return self.ttyNr !== 0 && self.tpgid === self.pgrp
}

/** Without /proc, a terminal on any standard stream is the best guess (node:tty loads only here). */
function attachedToTerminal(): boolean {
  const { isatty } = require('node:tty') as typeof import('node:tty')
  return isatty(0) || isatty(1) || isatty(2)
}
