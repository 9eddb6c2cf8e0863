/**
 * Each scanner rule, one by one: code that does what the rule is about is found by that rule
 * alone, and a near miss (a method of the same name, the word in a string) is no finding. The
 * rule ids are written out here, so a rule added without cases fails the first test.
 */
import { describe, expect, test } from 'bun:test'
import { RULES, scanSource } from '../../../src/security'

type Cases = Record<string, { found: string[]; clean: string[] }>

const PYTHON: Cases = {
  'py-eval': { found: ['eval(input())', 'exec("x = 1")'], clean: ['model.eval()', 'my_exec(1)', 'print("eval(1)")'] },
  'py-compile': { found: ['code = compile(src, "f", "exec")'], clean: ['import re\nre.compile("x")', 'recompile(1)'] },
  'py-dynamic-import': { found: ['m = __import__("os")', 'import importlib\nm = importlib.import_module(name)'], clean: ['import importlib\nimportlib.reload(m)', 'x = "__import__(1)"'] },
  'py-shell': { found: ['import os\nos.system("id")', 'import os\nos.popen("id")', 'import os\nos.execvp("id", ["id"])', 'import os\nos.posix_spawn("/bin/id", [], {})'], clean: ['import os\nos.getcwd()', 'shell.system("id")'] },
  'py-subprocess': { found: ['import subprocess', 'from subprocess import run', 'import os, pty', 'import multiprocessing as mp'], clean: ['import subprocessing', 'import json  # import subprocess'] },
  'py-fork': { found: ['import os\npid = os.fork()', 'import os\nos.forkpty()'], clean: ['import os\nos.getpid()', 'repo.fork()'] },
  'py-native': { found: ['import ctypes', 'from cffi import FFI', 'import _ctypes'], clean: ['import ctypesafe', 'x = "import ctypes"'] },
  'py-introspection': { found: ['().__class__.__bases__[0].__subclasses__()', 'f.__globals__', 'f.__code__', '__builtins__["eval"]'], clean: ['type(__builtins__).__name__', 'C.__bases__'] },
  'py-deserialize': { found: ['import pickle\npickle.loads(data)', 'import marshal\nmarshal.load(f)', 'import shelve\nshelve.open("db")'], clean: ['import pickle\npickle.dumps(data)', 'import json\njson.loads(data)'] },
  'py-kill': { found: ['import os\nos.kill(1, 9)', 'import os\nos.killpg(1, 9)'], clean: ['proc.kill()', 'import os\nos.getpid()', 'print("os.kill(1, 9)")'] },
  'py-network': { found: ['import socket', 'from socketserver import TCPServer'], clean: ['import socketio', 'websocket.send(1)'] },
}

const TYPESCRIPT: Cases = {
  'ts-eval': { found: ['eval("1")', 'const f = new Function("return 1")', 'const g = Function("return 1")'], clean: ['obj.eval(1)', 'const evaluate = (x: number) => x'] },
  'ts-constructor-escape': { found: ['const F = (() => {}).constructor.constructor("return this")'], clean: ['const c = obj.constructor.name'] },
  'ts-child-process': { found: ['import { exec } from "node:child_process"', 'const cp = require("child_process")', 'const c = await import("cluster")'], clean: ['import fs from "node:fs"', 'const s = "child_process"'] },
  'ts-spawn': { found: ['Bun.spawn(["id"])', 'Bun.spawnSync(["id"])', 'await Bun.$`id`'], clean: ['Bun.file("x")', 'myBun.spawn(["id"])'] },
  'ts-native': { found: ['process.dlopen(module, "x.node")', 'process.binding("fs")'], clean: ['process.cwd()', 'lib.dlopen("x")'] },
  'ts-native-import': { found: ['import { dlopen } from "bun:ffi"', 'const ffi = await import("bun:ffi")'], clean: ['import { file } from "bun"', 'const s = "bun:ffi"'] },
  'ts-vm': { found: ['import vm from "node:vm"', 'const vm = require("vm")'], clean: ['import x from "./vm"', 'const vm = "vm"'] },
  'ts-kill': { found: ['process.kill(1, "SIGKILL")'], clean: ['child.kill()', 'process.exit(1)'] },
  'ts-network': { found: ['import net from "node:net"', 'const d = require("dgram")', 'import tls from "tls"'], clean: ['import http from "node:http"', 'const n = "net"'] },
}

const dialects = [
  ['python', PYTHON],
  ['typescript', TYPESCRIPT],
] as const

for (const [dialect, cases] of dialects) {
  describe(`${dialect} rules`, () => {
    test('are the ones with cases here', () => {
      expect(RULES[dialect].map((rule) => rule.id).sort()).toEqual(Object.keys(cases).sort())
    })

    for (const [id, { found, clean }] of Object.entries(cases)) {
      test(`${id}: found where the code does it`, () => {
        for (const source of found) expect({ source, rules: scanSource(source, dialect).map((f) => f.rule) }).toEqual({ source, rules: [id] })
      })
      test(`${id}: no finding on a near miss`, () => {
        for (const source of clean) expect({ source, rules: scanSource(source, dialect).map((f) => f.rule) }).toEqual({ source, rules: [] })
      })
    }
  })
}
