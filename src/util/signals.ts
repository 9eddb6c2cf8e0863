import { procStat } from './proc'

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

/**
 * Relays signals sent to phicode to the child, except those the child has already received.
 * The child shares phicode's process group (so a group kill, even SIGKILL, reaches it and
 * nothing is orphaned), and the terminal sends Ctrl-C/Ctrl-\ to the whole foreground group
 * and a hangup to every job: forwarding those too would deliver them twice. Installed before
 * the child exists so no signal in between ends phicode; returns the uninstaller.
 */
export function relaySignals(childPid: () => number | undefined): () => void {
  const relay = (signal: NodeJS.Signals) => {
    const pid = childPid()
    if (pid === undefined || groupDelivered(signal, pid)) return
    try {
      process.kill(pid, signal)
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
