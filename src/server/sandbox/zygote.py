# phicode's warm Python for the HTTP API (src/server/sandbox/_warm.ts). One runs per execution
# slot, started once inside the slot's cgroups and a bubblewrap view of its own, as root with a
# handful of capabilities. It has paid the interpreter's start and the common imports; for each
# job it forks a child and never runs submitted code itself. The child, before the program:
# enters a mount and IPC namespace of its own with a fresh /tmp and a fresh directory (so no
# file outlives the job), starts a new session, takes the job's rlimits, and drops to the slot's
# uid with no groups, no capabilities and no_new_privs; a job for another runtime (TypeScript:
# Bun cannot fork) names a command the child then execs. When the child ends (or the server says
# K), every process of that uid in this PID namespace is killed -- kill(-1) sent as that uid,
# atomic against fork -- before the exit is reported. Each child is a fresh copy of this
# process, which no job ever touched: modules, globals and the environment cannot leak from
# one job to the next.
#
# Frames both ways: one type byte, a u32 big-endian length, the payload. In on fd 0: J (a job,
# JSON), K (kill the job's processes now). Out on fd 1: R (ready), O / E (the program's stdout /
# stderr), X (the end, JSON: code, signal, clean, zombies). Keep it ASCII.
import sys
import os
import json
import select
import signal
import struct
import time
import ctypes
import atexit
import resource

# What programs commonly import, paid once here instead of in every job.
for _name in ('encodings.idna', 're', 'collections', 'functools', 'itertools', 'math', 'random', 'datetime', 'typing', 'dataclasses', 'string', 'textwrap', 'decimal', 'fractions', 'heapq', 'bisect', 'copy', 'enum', 'statistics'):
    try:
        __import__(_name)
    except ImportError:
        pass

_SELF = sys._getframe(0).f_code.co_filename
_LIBC = ctypes.CDLL(None, use_errno=True)
_CLONE_NEWNS = 0x00020000
_CLONE_NEWIPC = 0x08000000
_MS_NOSUID, _MS_NODEV, _MS_REC, _MS_PRIVATE = 2, 4, 16384, 1 << 18
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_inbox = b''


def _check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, '%s: %s' % (what, os.strerror(err)))


def _send(kind, payload):
    data = kind + struct.pack('>I', len(payload)) + payload
    while data:
        data = data[os.write(1, data):]


def _frames():
    """Complete frames in the inbox, taken out of it."""
    global _inbox
    out = []
    while len(_inbox) >= 5:
        size = struct.unpack('>I', _inbox[1:5])[0]
        if len(_inbox) < 5 + size:
            break
        out.append((_inbox[:1], _inbox[5:5 + size]))
        _inbox = _inbox[5 + size:]
    return out


def _receive():
    """Reads fd 0 once: False when the server has gone."""
    global _inbox
    data = os.read(0, 1 << 20)
    _inbox += data
    return bool(data)


def _processes(uid):
    """(pid, state) of every process of uid this PID namespace shows."""
    found = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/status' % name) as f:
                fields = dict(line.split(':', 1) for line in f.read().splitlines() if ':' in line)
        except OSError:
            continue
        if int(fields.get('Uid', '-1').split()[0]) == uid:
            found.append((int(name), fields.get('State', '').strip()[:1]))
    return found


def _sweep(uid):
    """Kills every process of uid here: -> (clean, zombies)."""
    for rounds in range(100):
        found = _processes(uid)
        live = [p for p, state in found if state not in 'ZX']
        if not live:
            return True, len(found)
        helper = os.fork()
        if helper == 0:
            try:
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(helper, 0)
        if rounds:
            time.sleep(min(0.05, 0.002 * rounds))
    return False, 0


def _mount_tmpfs(path):
    _check(_LIBC.mount(b'tmpfs', path.encode(), b'tmpfs', _MS_NOSUID | _MS_NODEV, b'mode=1777'), 'mount ' + path)


def _enter(job, stdin, out, err):
    """In the child, as root still: the job's own namespaces, directory, limits and uid."""
    uid = job['uid']
    # The executable of an exec job may lie under a path the fresh mounts below hide (phicode
    # itself in a checkout under /tmp): held open now, it is run through its descriptor.
    exe = os.open(job['exec'][0], os.O_RDONLY | os.O_CLOEXEC) if job.get('exec') else -1
    _check(_LIBC.unshare(_CLONE_NEWNS | _CLONE_NEWIPC), 'unshare')
    _check(_LIBC.mount(b'none', b'/', None, _MS_REC | _MS_PRIVATE, None), 'mount --make-rprivate /')
    for path in job['fresh']:
        _mount_tmpfs(path)
    directory = job['dir']
    parents = []
    d = os.path.dirname(directory)
    while not os.path.isdir(d):
        parents.append(d)
        d = os.path.dirname(d)
    for d in reversed(parents):
        os.mkdir(d)
        os.chmod(d, 0o755)
    os.mkdir(directory, 0o700)
    path = os.path.join(directory, job['file'])
    with open(path, 'w', encoding='utf-8') as f:
        f.write(job['source'])
    owned = [path]
    for name, text in job.get('files', {}).items():
        # Beside the program (the project's config folder and file), made and owned like it.
        extra = os.path.join(directory, name)
        if text is None:
            os.mkdir(extra)
        else:
            with open(extra, 'w', encoding='utf-8') as f:
                f.write(text)
        owned.insert(0, extra)
    # Into it before it changes owner, deepest first: 0700 of the slot uid shuts out a root without DAC capabilities.
    os.chdir(directory)
    for p in owned + [directory]:
        os.chown(p, uid, uid)
    os.dup2(stdin, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for name in os.listdir('/proc/self/fd'):
        if int(name) > 2 and int(name) != exe:
            try:
                os.close(int(name))
            except OSError:
                pass
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    for name, value in job['limits'].items():
        which = getattr(resource, 'RLIMIT_' + name.upper())
        resource.setrlimit(which, (value, value))
    _check(_LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 'no_new_privs')
    for cap in range(64):
        if _LIBC.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    # The uid change cleared the effective, permitted and ambient sets; the inheritable one goes too.
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    _check(_LIBC.capset(header, (ctypes.c_uint32 * 6)()), 'capset')
    if job.get('exec'):
        # A program for another runtime (TypeScript: Bun cannot fork): it replaces this process.
        os.execve('/proc/self/fd/%d' % exe, job['exec'], job['env'])
    os.environ.clear()
    os.environ.update(job['env'])
    sys.argv = [path] + job['args']
    if hasattr(sys, 'orig_argv'):
        sys.orig_argv = [sys.executable, path] + job['args']
    sys.path[0] = directory
    return path


def _start(job):
    """Forks the job's child: -> (pid, stdout, stderr) in the zygote; (0, path, code) in the child."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    if job['stdin']:
        stdin = os.memfd_create('stdin', 0)
        data = job['stdin'].encode('utf-8')
        while data:
            data = data[os.write(stdin, data):]
        os.lseek(stdin, 0, os.SEEK_SET)
    else:
        stdin = os.open('/dev/null', os.O_RDONLY)
    pid = os.fork()
    if pid == 0:
        try:
            return 0, _enter(job, stdin, out_w, err_w), job['code']
        except BaseException as error:
            os.write(err_w, ('phicode: the warm sandbox could not start this job: %s\n' % error).encode())
            os._exit(125)
    for fd in (out_w, err_w, stdin):
        os.close(fd)
    return pid, out_r, err_r


def _watch(job, pid, out, err, wake):
    """Relays the child's output until it ends and its uid is swept; then reports the end."""
    uid = job['uid']
    streams = {out: b'O', err: b'E'}
    status = None
    swept = (True, 0)
    deadline = None
    while True:
        if status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
                swept = _sweep(uid)
                # Every holder of the pipes is dead now; what they wrote is read to the end.
                deadline = time.monotonic() + 0.5
        if status is not None and (not streams or time.monotonic() > deadline):
            break
        timeout = None if status is None else max(0.0, deadline - time.monotonic())
        ready = select.select(list(streams) + [0, wake], [], [], timeout)[0]
        for fd in ready:
            if fd == wake:
                os.read(wake, 4096)
            elif fd == 0:
                if not _receive():
                    _sweep(uid)
                    os._exit(0)
                for kind, _ in _frames():
                    if kind == b'K':
                        swept = _sweep(uid)
            else:
                data = os.read(fd, 65536)
                if data:
                    _send(streams[fd], data)
                else:
                    os.close(fd)
                    del streams[fd]
    for fd in streams:
        os.close(fd)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    _send(b'X', json.dumps({'code': code, 'signal': sig, 'clean': swept[0], 'zombies': swept[1]}).encode())


def _serve():
    """The zygote's loop; returns only in a child, with the program's path and code."""
    wake, wake_w = os.pipe()
    os.set_blocking(wake, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    _send(b'R', str(os.getpid()).encode())
    while True:
        frames = _frames()
        if not frames and not _receive():
            os._exit(0)
        for kind, payload in frames:
            if kind != b'J':
                continue
            job = json.loads(payload)
            pid, a, b = _start(job)
            if pid == 0:
                return a, b
            _watch(job, pid, a, b, wake)


def _status(exit):
    """The exit status Python gives a SystemExit."""
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + '\n')
    except Exception:
        pass
    return 1


def _finish(code, sig=None):
    """What the interpreter does at exit that matters to a program, then out (by `sig` if given) without tearing down."""
    threading = sys.modules.get('threading')
    try:
        if threading is not None:
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exit:
        code = _status(exit)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            code = code or 120
    if sig is not None:
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(code)


def _report(error):
    """An uncaught exception, as Python prints it, without the zygote's own frames."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == _SELF:
        tb = tb.tb_next
    error.__traceback__ = tb
    sys.excepthook(type(error), error, tb)


_path, _code = _serve()
_main = sys.modules['__main__']
_main.__dict__.update(__file__=_path, __cached__=None)
try:
    exec(compile(_code, _path, 'exec', dont_inherit=True), _main.__dict__)
    _finish(0)
except SystemExit as _exit:
    _finish(_status(_exit))
except BaseException as _error:
    _report(_error)
    # As the interpreter ends on an uncaught KeyboardInterrupt: killed by SIGINT.
    _finish(1, signal.SIGINT if isinstance(_error, KeyboardInterrupt) else None)
