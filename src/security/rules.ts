import type { Rule, RuleSet } from './types'

/** A call of a free function: not a method (`re.compile`), not part of a longer name. */
const free = (names: string) => new RegExp(`(?<![\\w.$])(?:${names})\\s*\\(`, 'g')
const member = (object: string, names: string) => new RegExp(`(?<![\\w.$])(?:${object})\\s*\\.\\s*(?:${names})\\s*\\(`, 'g')

/** `import x`, `import a, x.y`, `from x import …` at the start of a statement. */
const pyImport = (modules: string) =>
  new RegExp(`(?<=^|[;:]|\\n)[ \\t]*(?:from[ \\t]+(?:${modules})\\b|import[ \\t]+(?:[\\w.]+[ \\t]*(?:as[ \\t]+\\w+[ \\t]*)?,[ \\t]*)*(?:${modules})\\b)`, 'gm')

const PYTHON: Rule[] = [
  { id: 'py-eval', severity: 'high', message: 'eval/exec runs code built at run time', words: ['eval', 'exec'], pattern: free('eval|exec') },
  { id: 'py-compile', severity: 'high', message: 'compile() builds code at run time', words: ['compile'], pattern: free('compile') },
  { id: 'py-dynamic-import', severity: 'high', message: 'imports a module chosen at run time', words: ['__import__', 'import_module'], pattern: /(?<![\w.])__import__\s*\(|(?<![\w.])importlib\s*\.\s*import_module\s*\(/g },
  { id: 'py-shell', severity: 'high', message: 'runs a shell command or another program', words: ['system', 'popen', 'exec', 'spawn'], pattern: member('os', 'system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?') },
  { id: 'py-subprocess', severity: 'high', message: 'imports a module that starts programs', words: ['subprocess', 'pty', 'commands', 'multiprocessing'], pattern: pyImport('subprocess|pty|commands|multiprocessing') },
  { id: 'py-fork', severity: 'high', message: 'forks the process', words: ['fork'], pattern: member('os', 'fork|forkpty') },
  { id: 'py-native', severity: 'high', message: 'loads native code (ctypes/cffi)', words: ['ctypes', 'cffi'], pattern: pyImport('ctypes|cffi|_ctypes') },
  {
    id: 'py-introspection',
    severity: 'high',
    message: 'reaches interpreter internals, a classic sandbox escape', words: ['__subclasses__', '__globals__', '__code__', '__builtins__'],
    // Not __loader__, __bases__ or type(__builtins__): ordinary code reads those.
    pattern: /__(?:subclasses|globals|code)__|__builtins__(?=\s*[[.])/g,
  },
  { id: 'py-deserialize', severity: 'high', message: 'unpickling data can run arbitrary code', words: ['pickle', 'Pickle', 'marshal', 'dill', 'shelve'], pattern: member('pickle|cPickle|_pickle|marshal|dill|shelve', 'loads?|open|Unpickler') },
  { id: 'py-kill', severity: 'medium', message: 'sends signals to other processes', words: ['kill'], pattern: member('os', 'kill|killpg') },
  { id: 'py-network', severity: 'medium', message: 'opens raw network sockets', words: ['socket'], pattern: pyImport('socket|socketserver') },
]

const NODE_MODULE = (names: string) => new RegExp(`^(?:node:)?(?:${names})(?:/.*)?$`)

/** Anchors after which a module specifier string follows: require("x"), import("x"), import "x", from "x". */
const SPECIFIER_ANCHORS = /(?<![\w.$])(?:require\s*\(|import\s*\(|import(?=\s)|from(?=\s))/g

const TYPESCRIPT: Rule[] = [
  { id: 'ts-eval', severity: 'high', message: 'eval/Function runs code built at run time', words: ['eval', 'Function'], pattern: /(?<![\w.$])eval\s*\(|(?<![\w.$])(?:new\s+)?Function\s*\(/g },
  { id: 'ts-constructor-escape', severity: 'high', message: '.constructor.constructor reaches the Function constructor', words: ['constructor'], pattern: /\.\s*constructor\s*\.\s*constructor\b/g },
  { id: 'ts-child-process', severity: 'high', message: 'imports child_process, which starts programs', words: ['child_process', 'cluster'], pattern: SPECIFIER_ANCHORS, literal: NODE_MODULE('child_process|cluster') },
  { id: 'ts-spawn', severity: 'high', message: 'Bun.spawn/Bun.$ start programs', words: ['Bun'], pattern: /(?<![\w.$])Bun\s*\.\s*(?:spawn|spawnSync|\$)/g },
  { id: 'ts-native', severity: 'high', message: 'loads native code (bun:ffi, process.dlopen)', words: ['dlopen', 'binding'], pattern: /(?<![\w.$])process\s*\.\s*(?:dlopen|binding)\s*\(/g },
  { id: 'ts-native-import', severity: 'high', message: 'imports bun:ffi, which calls native code', words: ['bun:ffi'], pattern: SPECIFIER_ANCHORS, literal: /^bun:ffi$/ },
  { id: 'ts-vm', severity: 'high', message: 'imports vm, which runs code built at run time', words: ['vm'], pattern: SPECIFIER_ANCHORS, literal: NODE_MODULE('vm') },
  { id: 'ts-kill', severity: 'medium', message: 'sends signals to other processes', words: ['kill'], pattern: /(?<![\w.$])process\s*\.\s*kill\s*\(/g },
  { id: 'ts-network', severity: 'medium', message: 'imports raw network sockets (net, dgram, tls)', words: ['net', 'dgram', 'tls'], pattern: SPECIFIER_ANCHORS, literal: NODE_MODULE('net|dgram|tls') },
]

export const RULES: RuleSet = { python: PYTHON, typescript: TYPESCRIPT }
