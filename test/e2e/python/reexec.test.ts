/**
 * Interpreters a φ-Python program starts run φ code as the program did: `sys.executable x.φ`
 * (subprocess, os.execv, the reloaders of Flask, Django and uvicorn), multiprocessing's spawn and
 * forkserver, and new φ imports after a fork. Expected outputs are written by hand; Flask, Django
 * and uvicorn are Debian's, for real.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, runPhicode } from '../../helpers/binary'
import { until } from '../../helpers/load'
import { freePort } from '../../helpers/port'
import { debianPython } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

setDefaultTimeout(60_000)

const env = () => ({ PHITON_PATH: debianPython() })

describe('python: re-executed interpreters keep φ', () => {
  test('subprocess.run([sys.executable, "child.φ"]) and os.execv(sys.executable, …)', async () => {
    const dir = tempProject({
      'shout.φ': 'ƒ shout(s):\n    ⟲ s.upper() + "!"\n',
      'child.φ': '⇒ sys\n← shout ⇒ shout\nπ(shout(sys.argv[1]))\n',
      'main.φ': [
        '⇒ os, subprocess, sys',
        'r = subprocess.run([sys.executable, "child.φ", "via run"], capture_output=True, text=True)',
        'π("run:", r.returncode, r.stdout.strip())',
        'sys.stdout.flush()',
        'os.execv(sys.executable, [sys.executable, "child.φ", "via execv"])',
        '',
      ].join('\n'),
    })
    const result = await runPhicode(['--bypass', 'main.φ'], { cwd: dir, env: env() })
    expect(result).toEqual({ code: 0, stdout: 'run: 0 VIA RUN!\nVIA EXECV!\n', stderr: '' })
  })

  test('a re-run φ script ends as python3 would: its exit code, and an uncaught error on stderr', async () => {
    const dir = tempProject({
      'child.φ': '⇒ sys\n¿ sys.argv[1] == "exit":\n    sys.exit(7)\nraise ValueError("bad " + sys.argv[1])\n',
      'main.φ': [
        '⇒ subprocess, sys',
        '∀ arg ∈ ["exit", "raise"]:',
        '    r = subprocess.run([sys.executable, "child.φ", arg], capture_output=True, text=True)',
        '    π(arg, r.returncode, r.stderr.strip().splitlines()[-1] ¿ r.stderr ⋄ "")',
        '',
      ].join('\n'),
    })
    const result = await runPhicode(['--bypass', 'main.φ'], { cwd: dir, env: env() })
    expect(result).toEqual({ code: 0, stdout: 'exit 7 \nraise 1 ValueError: bad raise\n', stderr: '' })
  })

  test('a child still runs the sitecustomize the program\'s environment had (phicode\'s own runs it)', async () => {
    const dir = tempProject({
      'sitecustomize.py': 'import builtins\nbuiltins.OWN_SITE = "own site ran"\n',
      'child.φ': 'π(OWN_SITE)\n',
      'main.φ': '⇒ subprocess, sys\nπ("parent:", OWN_SITE)\nsubprocess.run([sys.executable, "child.φ"])\n',
    })
    const result = await runPhicode(['--bypass', 'main.φ'], { cwd: dir, env: { ...env(), PYTHONPATH: dir, PYTHONUNBUFFERED: '1' } })
    expect(result).toEqual({ code: 0, stdout: 'parent: own site ran\nown site ran\n', stderr: '' })
  })

  test('import phicode inside a run: the run\'s own hook and channel (install() changes nothing, no converter process started)', async () => {
    const dir = tempProject({
      'late.φ': 'VALUE = 5\n',
      'main.φ': [
        '⇒ os, sys, phicode',
        'hooks = ℓ(sys.path_hooks)',
        'phicode.install()',
        'phicode.install_phicode_importer()',
        '⇒ late',
        'π(phicode.transpile_symbols("ƒ f(): ⟲ 1"), late.VALUE, ℓ(sys.path_hooks) == hooks)',
        'me = str(os.getpid())',
        // A process of the busy machine may end between the listing and the read.
        'ƒ parent(p):',
        '    ∴:',
        '        ⟲ open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()[1]',
        '    ⛒ OSError:',
        '        ⟲ Ø',
        'kids = [p ∀ p ∈ os.listdir("/proc") ¿ p.isdigit() ∧ parent(p) == me]',
        'π(ℓ(kids))',
        '',
      ].join('\n'),
    })
    const result = await runPhicode(['--bypass', 'main.φ'], { cwd: dir, env: env() })
    expect(result).toEqual({ code: 0, stdout: 'def f(): return 1 5 True\n0\n', stderr: '' })
  })

  test('multiprocessing spawn, forkserver and fork pools map φ functions (of __main__ and of a φ module)', async () => {
    const dir = tempProject({
      'mathx.φ': 'ƒ double(x):\n    ⟲ x * 2\n',
      'late.φ': 'ƒ triple(x):\n    ⟲ x * 3\n',
      'pools.φ': [
        '⇒ multiprocessing ↦ mp',
        '← mathx ⇒ double',
        '',
        'ƒ square(x):',
        '    ⟲ x * x',
        '',
        'ƒ late(x):',
        '    ⇒ late',
        '    ⟲ late.triple(x)',
        '',
        '¿ __name__ == "__main__":',
        '    ∀ method ∈ ["spawn", "forkserver", "fork"]:',
        '        ∥ mp.get_context(method).Pool(2) ↦ pool:',
        '            π(method, pool.map(square, [1, 2, 3]), pool.map(double, [4, 5]), pool.map(late, [1, 2]))',
        '',
      ].join('\n'),
    })
    const result = await runPhicode(['--bypass', 'pools.φ'], { cwd: dir, env: env() })
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('spawn [1, 4, 9] [8, 10] [3, 6]\nforkserver [1, 4, 9] [8, 10] [3, 6]\nfork [1, 4, 9] [8, 10] [3, 6]\n')
    expect(result.code).toBe(0)
  })

  test('a Flask debug app reloads after a φ module changes, and serves the new code', async () => {
    const python = debianPython('flask')
    const dir = tempProject({
      'greeting.φ': 'WORD = "hello"\n',
      'app.φ': [
        '⇒ os',
        '← flask ⇒ Flask',
        '← greeting ⇒ WORD',
        '',
        'app = Flask(__name__)',
        '',
        '@app.route("/")',
        'ƒ index():',
        '    ⟲ f"{WORD} from a φ app\\n"',
        '',
        '¿ __name__ == "__main__":',
        '    app.run(host="127.0.0.1", port=0, debug=True, use_reloader=True)',
        '',
      ].join('\n'),
    })
    await whileServing(['app.φ'], dir, { PHITON_PATH: python }, async (lines) => {
      const running = await lines.until(/Running on http:\/\/127\.0\.0\.1:(\d+)/)
      const url = `http://127.0.0.1:${running[1]}/`
      await lines.until(/Debugger is active/)
      expect(await (await fetch(url)).text()).toBe('hello from a φ app\n')
      await changeUntilNoticed(join(dir, 'greeting.φ'), 'WORD = "bonjour"\n', lines.until(/Detected change in '.*greeting\.φ', reloading/))
      await lines.until(/Restarting with stat/)
      // The listening socket is the reloader's: the request waits for the new server.
      expect(await (await fetch(url)).text()).toBe('bonjour from a φ app\n')
    })
  })

  test('Django runserver reloads after a φ module changes (its StatReloader watches the imported φ files), and serves the new code', async () => {
    const python = debianPython('django')
    const dir = tempProject({
      'greeting.φ': 'WORD = "hello"\n',
      'manage.φ': [
        '⇒ sys',
        '← django.conf ⇒ settings',
        '← django.http ⇒ HttpResponse',
        '← django.urls ⇒ path',
        '⇒ greeting',
        '',
        'settings.configure(DEBUG=✓, ROOT_URLCONF=__name__, SECRET_KEY="not-secret", ALLOWED_HOSTS=["127.0.0.1"])',
        '',
        'ƒ index(request):',
        '    ⟲ HttpResponse(f"{greeting.WORD} from a φ Django app\\n")',
        '',
        'urlpatterns = [path("", index)]',
        '',
        '¿ __name__ == "__main__":',
        '    ← django.core.management ⇒ execute_from_command_line',
        '    execute_from_command_line(sys.argv)',
        '',
      ].join('\n'),
    })
    const url = `http://127.0.0.1:${freePort()}/`
    await whileServing(['manage.φ', 'runserver', url.slice(7, -1)], dir, { PHITON_PATH: python, PYTHONUNBUFFERED: '1' }, async (lines) => {
      await lines.until(/Watching for file changes with StatReloader/)
      await until(async () => (await textOf(url)) === 'hello from a φ Django app\n', 30_000, 'the first server')
      await changeUntilNoticed(join(dir, 'greeting.φ'), 'WORD = "bonjour"\n', lines.until(/greeting\.φ changed, reloading/))
      // The old server is gone and the new one binds the port afresh: ask until it answers.
      await until(async () => (await textOf(url)) === 'bonjour from a φ Django app\n', 30_000, 'the reloaded server')
    })
  })

  test('uvicorn --reload --reload-include "*.φ" serves a φ ASGI app and reloads it (server processes are multiprocessing spawn children)', async () => {
    const python = debianPython('uvicorn', 'watchgod')
    const dir = tempProject({
      'greeting.φ': 'WORD = "hello"\n',
      'app.φ': [
        '⇒ greeting',
        '',
        '⟳ ƒ app(scope, receive, send):',
        '    ‼ scope["type"] == "http"',
        '    body = f"{greeting.WORD} from a φ ASGI app\\n".encode()',
        '    ⌛ send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})',
        '    ⌛ send({"type": "http.response.body", "body": body})',
        '',
      ].join('\n'),
    })
    const port = freePort()
    const url = `http://127.0.0.1:${port}/`
    await whileServing(['-m', 'uvicorn', 'app:app', '--reload', '--reload-include', '*.φ', '--port', String(port)], dir, { PHITON_PATH: python }, async (lines) => {
      await lines.until(/Application startup complete/)
      expect(await textOf(url)).toBe('hello from a φ ASGI app\n')
      await changeUntilNoticed(join(dir, 'greeting.φ'), 'WORD = "bonjour"\n', lines.until(/detected file change in .*greeting\.φ/))
      await lines.until(/Application startup complete/)
      // The listening socket is the reloader's: the new server process answers on it.
      expect(await textOf(url)).toBe('bonjour from a φ ASGI app\n')
    })
  })
})

/** The body of a GET, or '' while nothing answers. */
async function textOf(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text()
  } catch {
    return ''
  }
}

/**
 * Writes `text` to `file`, then moves its time on each second until `noticed` settles. A polling
 * reloader only sees changes after its first look at the files, which nothing announces (on a
 * loaded machine Django's came after the write). Gives up after 30 s.
 */
async function changeUntilNoticed(file: string, text: string, noticed: Promise<unknown>): Promise<void> {
  writeFileSync(file, text)
  const settled = noticed.then(() => true)
  for (let second = 1; !(await Promise.race([settled, Bun.sleep(1000).then(() => false)])); second++) {
    if (second > 30) throw new Error(`the reloader did not notice ${file} change`)
    const later = new Date(Date.now() + second * 1000)
    utimesSync(file, later, later)
  }
}

/**
 * Runs `phicode --bypass args…` as a server in `dir`, hands its stderr lines to `body`, then stops
 * it with SIGTERM and waits until every process holding stderr (a reloaded server too) has ended.
 */
async function whileServing(args: string[], dir: string, env: Record<string, string>, body: (lines: ReturnType<typeof lineReader>) => Promise<void>): Promise<void> {
  const proc = Bun.spawn([PHICODE, '--bypass', ...args], { cwd: dir, env: { ...process.env, ...env }, stdout: 'ignore', stderr: 'pipe' })
  const lines = lineReader(proc.stderr)
  try {
    await body(lines)
  } finally {
    proc.kill('SIGTERM')
    await proc.exited
    await lines.rest()
  }
}

/** Reads a stream line by line: `until` waits for a line matching a pattern (failing at the stream's end). */
function lineReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  const seen: string[] = []
  return {
    async until(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const newline = buffered.indexOf('\n')
        if (newline >= 0) {
          const line = buffered.slice(0, newline)
          buffered = buffered.slice(newline + 1)
          seen.push(line)
          const match = line.match(pattern)
          if (match) return match
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error(`output ended before ${pattern}:\n${seen.join('\n')}${buffered}`)
        buffered += decoder.decode(value, { stream: true })
      }
    },
    async rest(): Promise<void> {
      while (!(await reader.read()).done) {}
    },
  }
}
