// A TypeScript execution started ahead of demand (src/server/sandbox/_prespawn.ts). phicode runs
// this file as its entry (`phicode --bun`), as root with three capabilities, in a bubblewrap view
// of its own whose job directory is still an empty tmpfs; so phicode's and Bun's start-up are
// paid before the request comes. It waits on stdin for its one job (a u32 big-endian length, the
// job as JSON; the rest of stdin is the program's), writes the program into a fresh directory,
// drops to the slot's uid and imports the program, which then owns the process as under a cold
// `phicode --bun main.ts`. Plain JavaScript: it is embedded as text and never converted.
import { chownSync, mkdirSync, readSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { dlopen, ptr } from 'bun:ffi'

function read(size) {
  const buf = Buffer.alloc(size)
  for (let got = 0; got < size; ) {
    const n = readSync(0, buf, got, size - got, null)
    // The server went away (or is stopping) before a job came.
    if (n === 0) process.exit(0)
    got += n
  }
  return buf
}

const job = JSON.parse(read(read(4).readUInt32BE(0)).toString('utf8'))
// The job is ours: the server reads this byte (ACK) first, and knows a process that died before it never ran the job.
writeSync(1, Buffer.from([6]))
const main = join(job.dir, job.file)
const owned = [job.dir, main]
mkdirSync(job.dir, { mode: 0o700 })
writeFileSync(main, job.code)
// A project root of its own, with the server's config if it has one, as a cold execution gets.
const own = join(job.dir, '.(φ)')
mkdirSync(own)
owned.push(own)
if (job.config !== undefined) {
  writeFileSync(join(own, 'config.json'), job.config)
  owned.push(join(own, 'config.json'))
}
// Deepest first, and in before the owner changes: 0700 of the slot uid shuts out a root without DAC capabilities.
process.chdir(job.dir)
for (const path of owned.reverse()) chownSync(path, job.uid, job.uid)
// Started with the CPU limit of the longest time limit; the job's own is lower, and lowering needs no privilege.
const libc = dlopen('libc.so.6', { setrlimit: { args: ['i32', 'ptr'], returns: 'i32' } })
const RLIMIT_CPU = 0
if (libc.symbols.setrlimit(RLIMIT_CPU, ptr(new BigUint64Array([BigInt(job.cpu), BigInt(job.cpu)]))) !== 0) throw new Error('setrlimit(RLIMIT_CPU) failed')
libc.close()
process.setgroups([])
process.setgid(job.uid)
process.setuid(job.uid)
for (const key of Object.keys(process.env)) delete process.env[key]
Object.assign(process.env, job.env)
process.argv = [process.argv[0], main, ...job.args]
Object.assign(Bun, { argv: process.argv, main })
await import(main)
