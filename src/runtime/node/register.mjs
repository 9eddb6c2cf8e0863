// Loaded with `--import` in the app's main thread before the entry (plain JavaScript: Node 20
// strips no types). It registers the module hooks (hooks.mjs), leaves the function the entry
// calls with its own exports to be served (serve.mjs), and teaches require() project φ and
// TypeScript files: Node 20's require() never reaches module hooks, so it asks phicode for a
// CommonJS build of the file synchronously, through a worker that holds the socket.
import Module, { register } from 'node:module'
import { connect } from 'node:net'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'

/** `compiled.cjs`: the project files require() hands to phicode besides φ; a package's own are Node's business. */
export function setup({ hooks, serve, socket, extensions, compiled, guard }) {
  register(hooks, { data: { socket, extensions, compiled: compiled.esm } })
  if (guard) endWithParent(socket)
  globalThis[Symbol.for('phicode.serve')] = (exports) => {
    const app = exports.default
    if (app && typeof app.fetch === 'function') import(serve).then((server) => server.serve(app))
  }
  const plain = Module._extensions['.js']
  const compile = (module, filename) => {
    if (/[\\/]node_modules[\\/]/.test(filename)) return plain(module, filename)
    const reply = convertSync(socket, filename)
    if (reply.error) throw rebuildError(reply.error)
    module._compile(reply.source, filename)
  }
  for (const ext of [...extensions, ...compiled.cjs]) Module._extensions[ext] = compile
}

/**
 * Node leads a process group of its own, out of reach of a SIGKILL sent to phicode's group: a
 * connection to phicode that it never uses closes when phicode dies, and the group ends with it.
 * Unreferenced, it keeps nothing alive. Connected before the entry runs; a connection that never
 * came about means phicode died first when the parent is no longer phicode.
 */
function endWithParent(socket) {
  const parent = process.ppid
  const link = connect(socket)
  let linked = false
  link.unref()
  link.on('connect', () => (linked = true))
  link.on('error', () => {})
  link.on('close', () => (linked || process.ppid !== parent) && process.kill(0, 'SIGKILL'))
}

// The worker is CommonJS (`eval`): it answers each path posted to it with phicode's reply,
// then wakes the main thread, which waits on `flag`.
const WORKER = `
const { workerData } = require('node:worker_threads')
const { connect } = require('node:net')
const { socket, port, flag } = workerData
const wake = (reply) => { port.postMessage(reply); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0) }
const channel = connect(socket)
channel.setEncoding('utf8')
let buffer = ''
let id = 0
channel.on('data', (text) => {
  buffer += text
  for (let nl = buffer.indexOf('\\n'); nl >= 0; nl = buffer.indexOf('\\n')) {
    wake(JSON.parse(buffer.slice(0, nl)))
    buffer = buffer.slice(nl + 1)
  }
})
channel.on('error', (error) => wake({ error: { name: 'Error', message: error.message, stack: 'phicode is gone: ' + error.message } }))
port.on('message', (path) => channel.write(JSON.stringify({ id: id++, path, format: 'cjs' }) + '\\n'))
`

let converter

function convertSync(socket, path) {
  if (converter === undefined) {
    const flag = new Int32Array(new SharedArrayBuffer(4))
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(WORKER, { eval: true, workerData: { socket, port: port2, flag }, transferList: [port2] })
    worker.unref()
    port1.unref()
    converter = { flag, port: port1 }
  }
  const { flag, port } = converter
  Atomics.store(flag, 0, 0)
  port.postMessage(path)
  Atomics.wait(flag, 0, 0)
  return receiveMessageOnPort(port).message
}

/** The error phicode describes, printed by Node as it prints its own: the stack is the whole text. */
function rebuildError({ name, message, stack }) {
  const error = name === 'SyntaxError' ? new SyntaxError(message) : new Error(message)
  error.stack = stack
  return error
}
