/**
 * Each scanner rule, one by one: code that does what the rule is about is found by that rule
 * alone, and a near miss (a method of the same name, the word in a string) is no finding. The
 * rule ids are written out here, so a rule added without cases fails the first test.
 */
import { describe, expect, test } from 'bun:test'
import { RULES, scanSource } from '../../../src/security'

type Cases = Record<string, { found: string[]; clean: string[]; message: string; severity: 'high' | 'medium' }>

const PYTHON: Cases = {
  'py-eval': { message: 'eval/exec runs code built at run time', severity: 'high', found: ['eval(input())', 'exec("x = 1")', 'x = 1; eval (s)'], clean: ['model.eval()', 'my_exec(1)', 'print("eval(1)")'] },
  'py-compile': { message: 'compile() builds code at run time', severity: 'high', found: ['code = compile(src, "f", "exec")', 'compile (s, "f", "exec")'], clean: ['import re\nre.compile("x")', 'recompile(1)'] },
  'py-dynamic-import': { message: 'imports a module chosen at run time', severity: 'high', found: ['m = __import__("os")', 'import importlib\nm = importlib.import_module(name)', 'm = __import__ ("os")', 'import importlib\nm = importlib . import_module (name)'], clean: ['import importlib\nimportlib.reload(m)', 'x = "__import__(1)"'] },
  'py-shell': { message: 'runs a shell command or another program', severity: 'high', found: ['import os\nos . system ("id")', 'import os\nos.system("id")', 'import os\nos.popen("id")', 'import os\nos.execvp("id", ["id"])', 'import os\nos.posix_spawn("/bin/id", [], {})'], clean: ['import os\nos.getcwd()', 'shell.system("id")'] },
  'py-subprocess': { message: 'imports a module that starts programs', severity: 'high', found: ['import commands', 'import subprocess', 'from subprocess import run', 'import os, pty', 'import multiprocessing as mp'], clean: ['import subprocessing', 'import json  # import subprocess'] },
  'py-fork': { message: 'forks the process', severity: 'high', found: ['import os\npid = os . fork ()', 'import os\npid = os.fork()', 'import os\nos.forkpty()'], clean: ['import os\nos.getpid()', 'repo.fork()'] },
  'py-native': { message: 'loads native code (ctypes/cffi)', severity: 'high', found: ['import ctypes', 'from cffi import FFI', 'import _ctypes'], clean: ['import ctypesafe', 'x = "import ctypes"'] },
  'py-introspection': { message: 'reaches interpreter internals, a classic sandbox escape', severity: 'high', found: ['__builtins__ .eval', '().__class__.__bases__[0].__subclasses__()', 'f.__globals__', 'f.__code__', '__builtins__["eval"]'], clean: ['type(__builtins__).__name__', 'C.__bases__'] },
  'py-deserialize': { message: 'unpickling data can run arbitrary code', severity: 'high', found: ['import dill\ndill . load (f)', 'import pickle\npickle.Unpickler(f)', 'import pickle\npickle.loads(data)', 'import marshal\nmarshal.load(f)', 'import shelve\nshelve.open("db")'], clean: ['import pickle\npickle.dumps(data)', 'import json\njson.loads(data)'] },
  'py-kill': { message: 'sends signals to other processes', severity: 'medium', found: ['import os\nos . kill (1, 9)', 'import os\nos.kill(1, 9)', 'import os\nos.killpg(1, 9)'], clean: ['proc.kill()', 'import os\nos.getpid()', 'print("os.kill(1, 9)")'] },
  'py-network': { message: 'opens raw network sockets', severity: 'medium', found: ['import socket', 'from socketserver import TCPServer'], clean: ['import socketio', 'websocket.send(1)'] },
}

const TYPESCRIPT: Cases = {
  'ts-eval': { message: 'eval/Function runs code built at run time', severity: 'high', found: ['eval("1")', 'const f = new Function("return 1")', 'const g = Function("return 1")', 'x = 1; eval ("1")', 'const f = new  Function ("return 1")', 'const f = new\n  Function("return 1")'], clean: ['obj.eval(1)', 'const evaluate = (x: number) => x'] },
  'ts-constructor-escape': { message: '.constructor.constructor reaches the Function constructor', severity: 'high', found: ['const F = x . constructor . constructor("return this")', 'const F = (() => {}).constructor.constructor("return this")'], clean: ['const c = obj.constructor.name'] },
  'ts-child-process': { message: 'imports child_process, which starts programs', severity: 'high', found: ['const cp = require ("child_process")', 'const c = await import ("node:cluster")', 'import "child_process"', 'export { exec } from "child_process/x"', 'import { exec } from "node:child_process"', 'const cp = require("child_process")', 'const c = await import("cluster")'], clean: ['import fs from "node:fs"', 'const s = "child_process"'] },
  'ts-spawn': { message: 'Bun.spawn/Bun.$ start programs', severity: 'high', found: ['void Bun . spawn(["id"])', 'Bun.spawn(["id"])', 'Bun.spawnSync(["id"])', 'await Bun.$`id`'], clean: ['Bun.file("x")', 'myBun.spawn(["id"])'] },
  'ts-native': { message: 'loads native code (bun:ffi, process.dlopen)', severity: 'high', found: ['void process . dlopen (m, "x.node")', 'x = 1; process.binding("fs")', 'process.dlopen(module, "x.node")', 'process.binding("fs")'], clean: ['process.cwd()', 'lib.dlopen("x")'] },
  'ts-native-import': { message: 'imports bun:ffi, which calls native code', severity: 'high', found: ['import { dlopen } from "bun:ffi"', 'const ffi = await import("bun:ffi")'], clean: ['import { file } from "bun"', 'const s = "bun:ffi"', 'import x from "bun:ffix"', 'import x from "my-bun:ffi"'] },
  'ts-vm': { message: 'imports vm, which runs code built at run time', severity: 'high', found: ['import vm from "node:vm"', 'const vm = require("vm")'], clean: ['import x from "./vm"', 'const vm = "vm"', 'import x from "vm2"', 'import x from "node:vmx"'] },
  'ts-kill': { message: 'sends signals to other processes', severity: 'medium', found: ['process.kill(1, "SIGKILL")', 'if (x) process . kill (1)'], clean: ['child.kill()', 'process.exit(1)'] },
  'ts-network': { message: 'imports raw network sockets (net, dgram, tls)', severity: 'medium', found: ['import net from "node:net"', 'const d = require("dgram")', 'import tls from "tls"'], clean: ['import http from "node:http"', 'const n = "net"'] },
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

    for (const [id, { found, clean, message, severity }] of Object.entries(cases)) {
      test(`${id}: found where the code does it, with its message and severity`, () => {
        for (const source of found) expect({ source, rules: scanSource(source, dialect).map((f) => f.rule) }).toEqual({ source, rules: [id] })
        const finding = scanSource(found[0]!, dialect)[0]
        expect({ message: finding?.message, severity: finding?.severity }).toEqual({ message, severity })
      })
      test(`${id}: no finding on a near miss`, () => {
        for (const source of clean) expect({ source, rules: scanSource(source, dialect).map((f) => f.rule) }).toEqual({ source, rules: [] })
      })
    }
  })
}
