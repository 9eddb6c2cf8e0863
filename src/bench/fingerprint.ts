/** What the figures were measured on: a run's numbers mean little without it. */
import { readFileSync } from 'node:fs'
import { BUILD } from '../version'
import { nodeOs, type Tools } from './_tools'
import type { Fingerprint } from './types'

/** `Debian GNU/Linux 12 (bookworm)` and the like; the kernel's name elsewhere. */
function osName(): string {
  const os = nodeOs()
  if (os.platform() === 'linux') {
    try {
      const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
      if (pretty) return pretty
    } catch {
      // No os-release (some containers): the kernel's name below.
    }
  }
  return `${os.type()} ${os.release()}`
}

export function fingerprint(tools: Tools): Fingerprint {
  const os = nodeOs()
  const cpu = os.cpus()[0]
  const [l1, l5, l15] = os.loadavg()
  return {
    os: { platform: os.platform(), release: os.release(), name: osName(), arch: os.arch() },
    cpu: { model: cpu?.model.trim() || 'unknown', cores: os.availableParallelism(), speed_mhz: cpu?.speed || null },
    memory_bytes: os.totalmem(),
    load_average: [l1 ?? 0, l5 ?? 0, l15 ?? 0].map((l) => Number(l.toFixed(2))) as [number, number, number],
    runtimes: {
      phicode: BUILD.version,
      bun: Bun.version,
      python: tools.python?.version ?? null,
      pypy: tools.pypy?.version ?? null,
      node: tools.node?.version ?? null,
    },
  }
}

/** Two runs were measured on the same kind of machine: same OS, CPU model and core count. */
export function sameMachine(a: Fingerprint, b: Fingerprint): boolean {
  return a.os.platform === b.os.platform && a.os.arch === b.os.arch && a.cpu.model === b.cpu.model && a.cpu.cores === b.cpu.cores
}
