# phicode's import hook for phi modules: the one implementation behind both ways Python meets
# phi code. The bootstrap of a `phicode x.phi` run (src/runtime/python/bootstrap.py) is this
# file's text followed by its own, run in the module `phicode._importer`, talking to its parent
# phicode over fd 3. Any other Python process gets it as `phicode._importer` through
# `import phicode`; its channel is then a `phicode --python-channel` child started on the first
# phi import (and again in a forked child, which must not share its parent's socket). Both
# speak the same protocol (see `_exchange`). Start-up cost matters for the bootstrap: this part
# imports only modules the interpreter has loaded already. Keep it Python 3.8 and ASCII.
import sys
import os
import _imp
import _thread
import _signal
import marshal
import _frozen_importlib_external as _bx

_BOOT = '<phicode>'
# The bootstrap sets these; a package process keeps the defaults.
_SUFFIXES = ('.\u03c6', '.phi')
_STORE = True
_ERRORS_SOURCE = None
_STUB = None
_KIND = ''
_ENTRY = ''
# The channel: a socket to a phicode process, -1 until one is opened.
_FD = -1
_OWNER = 0
# The socket's (st_dev, st_ino), to tell it from a file that took its number (`_still_ours`).
_SOCKET = None
_LOCK = _thread.allocate_lock()
_MAGIC = _bx.MAGIC_NUMBER
_OPTIMIZE = min(sys.flags.optimize, 2)
_LEVEL = str(_OPTIMIZE).encode()
# A G request's flag besides the optimization level: the code sent for this path was refused.
_REFUSED = 8
_PUSHED = {}
_OUTBOX = []
# A package process sends what is still queued at exit (the bootstrap registers that itself).
_SENDS_AT_EXIT = False


def _exchange(op, payload, path):
    """Sends a request to the phicode process and waits for its reply: -> (tag, body).

    Request: op + u32 length + payload. Ops: H (hello: the optimization level; the reply, M,
    holds the modules pushed ahead of their imports), G (flags byte + path of a phi module) and
    X (a directory, NUL, phi source: the source converted with that directory's symbols). A
    reply is a 1-byte tag + u32 length + body, where the tag is C (cached code: key, then what
    `_compile_phi` stored), S (key, then the transpiled source), T (transpile error: line,
    column, line text, reason; NUL-separated), O (errno of a failed read) or I (import error
    message). Signals are blocked for the exchange so that a KeyboardInterrupt cannot leave a
    half-read reply in the socket.
    """
    with _LOCK:
        if _FD < 0 or os.getpid() != _OWNER:
            _connect(path)
        mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, _signal.valid_signals())
        try:
            _write_all(_outgoing() + _frame(op, payload))
            head = _read_exact(5)
            body = _read_exact(int.from_bytes(head[1:], 'big'))
        except OSError as error:
            raise ImportError('phicode: lost the connection to the phicode process (%s)' % error, path=path)
        finally:
            _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)
    return head[:1], body


def _connect(path):
    """Starts `phicode --python-channel` with one end of a socketpair as its stdin."""
    global _FD, _OWNER, _OUTBOX, _PUSHED, _SENDS_AT_EXIT, _SOCKET
    import _socket
    binary = _binary()
    kind = 'com\u03c6led_%s_%d%d' % ((sys.implementation.name,) + tuple(sys.version_info[:2]))
    argv = [binary, '--python-channel', kind]
    ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        if hasattr(os, 'posix_spawn'):
            os.posix_spawn(binary, argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, theirs.fileno(), 0)])
        else:
            import subprocess
            subprocess.Popen(argv, stdin=theirs.fileno())
    except OSError as error:
        ours.close()
        raise ImportError('phicode: cannot start %s (%s)' % (binary, error), path=path)
    finally:
        theirs.close()
    _FD, _OWNER, _OUTBOX, _PUSHED = ours.detach(), os.getpid(), [], {}
    _SOCKET = _identity(_FD)
    if not _SENDS_AT_EXIT:
        import atexit
        atexit.register(_send_outbox)
        _SENDS_AT_EXIT = True


def _binary():
    """The phicode executable: PHICODE_BIN, the copy installed beside this interpreter's
    scripts (the wheel's), else the first on PATH."""
    found = os.environ.get('PHICODE_BIN')
    if not found:
        import sysconfig
        import shutil
        name = 'phicode.exe' if os.name == 'nt' else 'phicode'
        scripts = [sysconfig.get_path('scripts')]
        try:
            scripts.append(sysconfig.get_path('scripts', os.name + '_user'))
        except KeyError:
            pass
        found = next((os.path.join(d, name) for d in scripts if d and os.access(os.path.join(d, name), os.X_OK)), None) or shutil.which('phicode')
        if not found:
            raise ImportError('phicode: no phicode executable (set PHICODE_BIN, pip install phicode, or put phicode on PATH)')
        os.environ['PHICODE_BIN'] = found
    return found


def _forked():
    """In a forked child: the parent's socket and queue are the parent's."""
    global _FD, _LOCK, _OUTBOX, _PUSHED
    _FD, _LOCK, _OUTBOX, _PUSHED = -1, _thread.allocate_lock(), [], {}


def _request(path, flags):
    return _exchange(b'G', bytes([flags]) + os.fsencode(path), path)


def _keep(op, payload):
    """Queues compiled code for the phicode process to cache (no reply). It travels with the
    next request, or at exit: a write of its own per module would cost more than the compile
    it saves. Best effort: a lost entry only costs the cache."""
    if os.getpid() == _OWNER:
        _OUTBOX.append(_frame(op, payload))


def _outgoing():
    global _OUTBOX
    box, _OUTBOX = _OUTBOX, []
    return b''.join(box)


def _identity(fd):
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _still_ours():
    """Whether _FD is still the channel's socket at exit: a program that closed it (closerange,
    as daemons do) and opened a file that took its number must not get the queue written into
    that file, nor the file closed under it."""
    return _FD >= 0 and _SOCKET is not None and _identity(_FD) == _SOCKET


def _send_outbox():
    """At exit: what is still queued for the phicode process."""
    if os.getpid() != _OWNER or not _OUTBOX or not _still_ours():
        return
    with _LOCK:
        mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, _signal.valid_signals())
        try:
            _write_all(_outgoing())
        except OSError:
            pass  # the phicode process is gone (broken pipe): nobody is left to read it
        finally:
            _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)


def _frame(op, payload):
    return op + len(payload).to_bytes(4, 'big') + payload


def _write_all(data):
    view = memoryview(data)
    while view:
        view = view[os.write(_FD, view):]


def _read_exact(size):
    chunks = []
    while size:
        chunk = os.read(_FD, min(size, 1 << 20))
        if not chunk:
            raise ImportError('phicode: the phicode process stopped answering')
        chunks.append(chunk)
        size -= len(chunk)
    return b''.join(chunks)


def _load_errors():
    """Compiles the error-path half (_errors.py) into this namespace, once."""
    if '_relocate' not in globals():
        source = _ERRORS_SOURCE
        if source is None:
            with open(os.path.join(os.path.dirname(__file__), '_errors.py'), encoding='utf-8') as f:
                source = f.read()
        exec(compile(source, _BOOT, 'exec'), globals())


def _pushed_code(path):
    """The pushed code of `path`, if the file is still the one the parent read: (code or None,
    whether pushed code was refused)."""
    pushed = _PUSHED.pop(path, None)
    if pushed is None:
        return None, False
    try:
        st = os.stat(path)
    except OSError:
        return None, False
    if '%d\0%d\0%d\0%d' % (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino) != pushed[0]:
        return None, False
    code = _cached_code(pushed[1], path)
    return code, code is None


def _compile_phi(path):
    code, refused = _pushed_code(path)
    if code is not None:
        return code
    tag, body = _request(path, _OPTIMIZE | (_REFUSED if refused else 0))
    if tag == b'C':
        code = _cached_code(body, path)
        if code is not None:
            return code
        tag, body = _request(path, _OPTIMIZE | _REFUSED)
    if tag != b'S':
        raise _failure(tag, body.decode('utf-8'), path)
    key, text = body[:32], body[32:].decode('utf-8')
    try:
        # The interpreter's own optimize level (-O, PYTHONOPTIMIZE): asserts and docstrings
        # stay unless the user asked otherwise.
        code = compile(text, path, 'exec', dont_inherit=True)
    except SyntaxError as error:
        _load_errors()
        _relocate(error, text, path)
        raise
    if _STORE:
        _keep(b'P', _MAGIC + _LEVEL + key + marshal.dumps(code))
    return code


def _cached_code(body, path):
    """The code the phicode process sent from its cache, if it is this interpreter's (magic
    number), for this optimization level, and compiled from the source it has now (key)."""
    key, stored = body[:32], body[32:]
    if stored[:4] != _MAGIC or stored[4:5] != _LEVEL or stored[5:37] != key:
        return None
    try:
        code = marshal.loads(stored[37:])
    except Exception:
        return None
    if type(code) is not type(_cached_code.__code__):
        return None
    # Identical sources share one entry; the file name inside is the first one's.
    _imp._fix_co_filename(code, path)
    return code


def _failure(tag, text, path):
    if tag == b'T':
        line, column, source_line, reason = text.split('\0', 3)
        return SyntaxError(reason, (path, int(line), int(column), source_line))
    if tag == b'O':
        return OSError(int(text), os.strerror(int(text)), path)
    return ImportError(text, path=path)


def transpile(source, directory=None, path='<string>'):
    """Python source of phi `source` (str), converted with the symbols of `directory`'s
    project (default: the working directory's)."""
    payload = os.fsencode(os.path.abspath(directory or os.getcwd())) + b'\0' + source.encode('utf-8')
    tag, body = _exchange(b'X', payload, path)
    if tag != b'S':
        raise _failure(tag, body.decode('utf-8'), path)
    return body[32:].decode('utf-8')


def is_phi(filename):
    return isinstance(filename, str) and filename.endswith(_SUFFIXES)


class PhiLoader(_bx.SourceFileLoader):
    """Loads phi modules through phicode's transpiler. No __pycache__ entry is read or
    written: cache_from_source('x.phi') would be x.py's .pyc. get_source is the phi text, as
    linecache and tracebacks see it."""

    def get_code(self, fullname):
        return _compile_phi(self.get_filename(fullname))

    def source_to_code(self, data, path='<string>', *, _optimize=-1):
        text = _bx.decode_source(data) if isinstance(data, bytes) else data
        return compile(transpile(text, os.path.dirname(path) if is_phi(path) else None, path), path, 'exec', dont_inherit=True)


_HOOK = None


def _install_hook():
    """A FileFinder hook that knows phi suffixes, tried before the standard ones, so x.phi wins
    over x.py (and a package's __init__.phi over __init__.py) in the same directory."""
    global _HOOK
    if _HOOK is not None and _HOOK in sys.path_hooks:
        return
    loaders = [(PhiLoader, list(_SUFFIXES))] + _bx._get_supported_file_loaders()
    _HOOK = _bx.FileFinder.path_hook(*loaders)
    hooks = sys.path_hooks
    standard = [i for i, h in enumerate(hooks) if getattr(h, '__name__', '') == 'path_hook_for_FileFinder']
    if standard:
        hooks[standard[0]] = _HOOK
    else:
        hooks.append(_HOOK)
    sys.path_importer_cache.clear()
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_forked)
    sys.meta_path.insert(0, _Patches)


class _Patches:
    """Modules that must know phi files (inspect, runpy, unittest's loader, pdb, coverage.py) are
    adjusted by phicode._patches right after their first import: most programs never import
    them, and the bootstrap must not pay for importing them. Finds no module itself."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in _WATCHED:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, 'find_spec', None) if finder is not cls else None
            spec = find and find(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _ThenPatch(spec.loader)
                return spec
        return None


class _ThenPatch:
    """A module's own loader, then phicode._patches' function for that module. Anything else
    (runpy's get_code for `-m pdb`) is the loader's own."""

    def __init__(self, loader):
        self.loader = loader

    def __getattr__(self, name):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        _WATCHED.discard(module.__name__)
        self.loader.exec_module(module)
        try:
            from phicode import _patches
        except ImportError:
            return  # the package is not on sys.path: only imports are served
        _patches.patch(module)


_WATCHED = {'inspect', 'runpy', 'unittest.loader', 'pdb', 'coverage.python', 'coverage.inorout'}
