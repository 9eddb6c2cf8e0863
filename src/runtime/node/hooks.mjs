// Node module hooks for `phicode --node`, run in Node's hooks thread (plain JavaScript: Node 20
// strips no types). phicode embeds this file and registers it with `--import`. Project files that
// Node cannot run as they are (φ, TypeScript, JSX) are converted by the phicode process that
// started Node, over a local socket: Bun converts them, and Node does not have to.
import { statSync } from 'node:fs'
import { connect } from 'node:net'
import { extname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Tried in this order for an extensionless relative specifier, as Bun does, then φ. */
const CODE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.mts', '.json']
/** Written in TypeScript style (`./x.js` for `x.ts`): the source files to try instead. */
const TS_FOR_JS = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.jsx': ['.tsx'] }

let socketPath
let phiExtensions = []
/** Plain files Node cannot run as they are (TypeScript, JSX), named by phicode's file kinds. */
let converted = new Set()
let channel
let buffer = ''
let nextId = 0
const waiting = new Map()
/** Why the connection to phicode failed: asked after that, an import fails at once rather than wait forever. */
let gone

export function initialize(data) {
  socketPath = data.socket
  phiExtensions = data.extensions
  converted = new Set(data.compiled)
}

function isFile(path) {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    return false // ENOTDIR: `x.ts/index.ts` when `./x` names a file
  }
}
const isPhi = (path) => phiExtensions.some((ext) => path.endsWith(ext))
const inProject = (path) => !/[\\/]node_modules[\\/]/.test(path)

function probe(path) {
  const mapped = TS_FOR_JS[extname(path)]
  if (mapped) {
    const stem = path.slice(0, -extname(path).length)
    for (const ext of mapped) if (isFile(stem + ext)) return stem + ext
  }
  for (const ext of [...CODE_EXTENSIONS, ...phiExtensions]) if (isFile(path + ext)) return path + ext
  for (const ext of [...CODE_EXTENSIONS, ...phiExtensions]) if (isFile(`${path}/index${ext}`)) return `${path}/index${ext}`
  return undefined
}

/** Node's resolution first; where it finds nothing, the resolution Bun gives a relative specifier. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('bun:')) throw bunOnly(specifier, context.parentURL)
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    const relative = /^\.{1,2}(\/|$)|^\//.test(specifier) && context.parentURL?.startsWith('file:')
    if (!relative || (error.code !== 'ERR_MODULE_NOT_FOUND' && error.code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw error
    const found = probe(fileURLToPath(new URL(specifier, context.parentURL)))
    if (found === undefined) throw error
    return { url: pathToFileURL(found).href, shortCircuit: true }
  }
}

/** Import attribute types Bun reads that Node does not: phicode parses those files. */
const DATA_TYPES = new Set(['text', 'toml', 'yaml', 'jsonc', 'json5'])

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:')) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const type = context.importAttributes?.type
  if (DATA_TYPES.has(type)) {
    const reply = await ask(path, type)
    if (reply.error) throw rebuildError(reply.error)
    return { format: 'module', source: reply.source, shortCircuit: true }
  }
  if (!inProject(path) || !(isPhi(path) || converted.has(extname(path)))) return nextLoad(url, context)
  const reply = await ask(path)
  if (reply.error) throw rebuildError(reply.error)
  return { format: 'module', source: reply.source, shortCircuit: true }
}

/** Node's own words for a `bun:` scheme say nothing of why: this one names the module, the importer and the way out. */
function bunOnly(specifier, parentURL) {
  const parent = parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : undefined
  const message = `Cannot find module '${specifier}'${parent ? ` imported from ${parent}` : ''}: Bun's own modules do not exist on Node; run without --node to use them`
  const error = new Error(message)
  // With no frame Node prints the error as an object, `[Error: …]`.
  error.stack = `Error: ${message}${parent ? `\n    at ${parent}` : ''}`
  return error
}

/** The error phicode describes, printed by Node as it prints its own: the stack is the whole text. */
function rebuildError({ name, message, stack }) {
  const error = name === 'SyntaxError' ? new SyntaxError(message) : new Error(message)
  error.stack = stack
  return error
}

function ask(path, type) {
  if (gone !== undefined) return Promise.resolve(goneReply(gone))
  const id = nextId++
  const socket = open()
  socket.ref()
  socket.write(JSON.stringify({ id, path, type }) + '\n')
  return new Promise((done) => waiting.set(id, done))
}

/** The socket is unreferenced while no answer is awaited, so it never keeps Node alive. */
function open() {
  if (channel) return channel
  channel = connect(socketPath)
  channel.setEncoding('utf8')
  channel.on('data', (text) => {
    buffer += text
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const reply = JSON.parse(buffer.slice(0, nl))
      buffer = buffer.slice(nl + 1)
      waiting.get(reply.id)?.(reply)
      waiting.delete(reply.id)
    }
    if (waiting.size === 0) channel.unref()
  })
  channel.on('error', (error) => {
    gone = error.message
    for (const done of waiting.values()) done(goneReply(gone))
    waiting.clear()
  })
  return channel
}

const goneReply = (message) => ({ error: { name: 'Error', message, stack: `phicode is gone: ${message}` } })
