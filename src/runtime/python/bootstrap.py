# phicode's Python bootstrap: runs one entry module the way `python3 x.py` (or `python3 -m x`)
# would, with an import hook for phi modules. A one-line -c stub runs the loader (loader.py)
# under the filename '<phicode>' in a private namespace, so `__main__` stays pristine for the
# program; the loader runs this file's cached code, or compiles it, in that same namespace:
#
#   python -c STUB LOADER BOOTSTRAP ERRORS MODULE SUFFIXES PATH0 KIND STORE ENTRY [ARGS...]
#
# ERRORS is the error-path half (bootstrap_errors.py), compiled only when an error needs it;
# MODULE the dotted name for `python -m` semantics ('' to run ENTRY as a script); SUFFIXES the
# phi file suffixes joined by '/'; PATH0 the value for sys.path[0]; KIND 'phi' when ENTRY is
# phi source whatever its name, 'code' when ENTRY is the program's converted text itself (MODULE
# then '-c' or '-', see `_run_code`); STORE '1' when compiled code is to be cached. The phicode
# process (the parent) transpiles and keeps the bytecode cache: fd 3 is a socket to it (see
# `_exchange`). Start-up cost matters: it imports only modules the interpreter has loaded
# already. Keep it Python 3.8 and ASCII.
import sys
import os
import atexit
import _imp
import _thread
import _signal
import marshal
import _frozen_importlib_external as _bx

_BOOT = '<phicode>'
_SELF = sys._getframe(0).f_code


def _outermost():
    """The stub's code: its frame heads every traceback, beyond ours; the error half hides it."""
    frame = sys._getframe(1)
    while frame.f_code.co_filename == _BOOT:
        frame = frame.f_back
    return frame.f_code


_STUB = _outermost()
_FD = 3
_ERRORS_SOURCE, _MODULE, _SUFFIXES, _PATH0, _KIND, _STORE, _ENTRY = sys.argv[3:10]
_SUFFIXES = tuple(_SUFFIXES.split('/'))
_ARGS = sys.argv[10:]
_STORE = _STORE == '1'
_MAGIC = _bx.MAGIC_NUMBER
_OPTIMIZE = min(sys.flags.optimize, 2)
_LEVEL = str(_OPTIMIZE).encode()
# A G request's flag besides the optimization level: the code sent for this path was refused.
_REFUSED = 8
_CODE_TYPE = type(_outermost.__code__)
_PUSHED = {}
_OUTBOX = []
_OWNER = os.getpid()
_LOCK = _thread.allocate_lock()
# The fd is ours alone: programs the module starts must not inherit it.
os.set_inheritable(_FD, False)


def _exchange(op, payload, path):
    """Sends a request to the parent and waits for its reply: -> (tag, body).

    Request: op + u32 length + payload. Ops: H (hello: the optimization level; the reply, M,
    holds the modules pushed ahead of their imports, see `_read_pushed`) and G (flags byte +
    path of a phi module). A G reply is a 1-byte tag + u32 length + body, where the tag is C
    (cached code: key, then what `_compile_phi` stored), S (key, then the transpiled source),
    T (transpile error: line, column, line text, reason; NUL-separated), O (errno of a failed
    read) or I (import error message). Signals are blocked for the exchange so that a
    KeyboardInterrupt cannot leave a half-read reply in the socket.
    """
    if os.getpid() != _OWNER:
        raise ImportError('phicode: a forked process cannot import phi modules; import %s before forking' % path, path=path)
    with _LOCK:
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


def _request(path, flags):
    return _exchange(b'G', bytes([flags]) + os.fsencode(path), path)


def _keep(op, payload):
    """Queues compiled code for the parent to cache (no reply). It travels with the next
    request, or at exit: a write of its own per module would cost more than the compile it
    saves. Best effort: a forked process shares the socket and must not write to it, and a
    lost entry only costs the cache."""
    if os.getpid() == _OWNER:
        _OUTBOX.append(_frame(op, payload))


def _outgoing():
    global _OUTBOX
    box, _OUTBOX = _OUTBOX, []
    return b''.join(box)


def _send_outbox():
    """At exit: what is still queued for the parent."""
    if os.getpid() != _OWNER or not _OUTBOX:
        return
    with _LOCK:
        mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, _signal.valid_signals())
        try:
            _write_all(_outgoing())
        except OSError:
            pass  # the parent is gone (broken pipe): nobody is left to read it
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
    """Compiles the error-path half into this namespace, once."""
    if '_relocate' not in globals():
        exec(compile(_ERRORS_SOURCE, _BOOT, 'exec'), globals())


def _read_pushed():
    """The modules the parent pushes ahead of their imports: the code it has cached for each
    phi module the previous run of this entry imported, with the file's identity when the
    parent read it -> {path: ((mtime_ns, ctime_ns, size, inode), body as in a C reply)}."""
    tag, data = _exchange(b'H', _LEVEL, _ENTRY)
    pushed = {}
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at:at + 4], 'big')
        path, *identity = data[at + 4:at + 4 + size].decode('utf-8').split('\0')
        at += 4 + size
        size = int.from_bytes(data[at:at + 4], 'big')
        pushed[path] = (tuple(map(int, identity)), data[at + 4:at + 4 + size])
        at += 4 + size
    return pushed


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
    if (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino) != pushed[0]:
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
    """The code the parent sent from its cache, if it is this interpreter's (magic number),
    for this optimization level, and compiled from the source the parent has now (key)."""
    key, stored = body[:32], body[32:]
    if stored[:4] != _MAGIC or stored[4:5] != _LEVEL or stored[5:37] != key:
        return None
    try:
        code = marshal.loads(stored[37:])
    except Exception:
        return None
    if type(code) is not _CODE_TYPE:
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


class PhiLoader(_bx.SourceFileLoader):
    """Loads phi modules through the parent's transpiler. No __pycache__ entry is read or
    written: cache_from_source('x.phi') would be x.py's .pyc."""

    def get_code(self, fullname):
        return _compile_phi(self.get_filename(fullname))


def _install_hook():
    """A FileFinder hook that knows phi suffixes, tried before the standard ones, so x.phi wins
    over x.py (and a package's __init__.phi over __init__.py) in the same directory."""
    loaders = [(PhiLoader, list(_SUFFIXES))] + _bx._get_supported_file_loaders()
    hook = _bx.FileFinder.path_hook(*loaders)
    hooks = sys.path_hooks
    standard = [i for i, h in enumerate(hooks) if getattr(h, '__name__', '') == 'path_hook_for_FileFinder']
    if standard:
        hooks[standard[0]] = hook
    else:
        hooks.append(hook)
    sys.path_importer_cache.clear()


def _run():
    global _PUSHED
    is_phi = _KIND == 'phi'
    _PUSHED = _read_pushed()
    if _STORE:
        atexit.register(_send_outbox)
        if _BOOT_LOADED is None:
            _keep(b'B', _MAGIC + marshal.dumps(_SELF))
    if _KIND == 'code':
        return _run_code()
    if hasattr(sys, 'orig_argv'):
        sys.orig_argv = [sys.executable] + (['-m', _MODULE] if _MODULE else [_ENTRY]) + _ARGS
    sys.argv = [_ENTRY if not _MODULE else '-m'] + _ARGS
    _install_hook()
    if not getattr(sys.flags, 'safe_path', False):
        sys.path[0] = _PATH0
    if _MODULE:
        import runpy
        return runpy._run_module_as_main(_MODULE)
    main = sys.modules['__main__'].__dict__
    loader = (PhiLoader if is_phi else _bx.SourceFileLoader)('__main__', _ENTRY)
    main.update(__file__=_ENTRY, __cached__=None, __loader__=loader)
    code = _compile_phi(_ENTRY) if is_phi else compile(loader.get_data(_ENTRY), _ENTRY, 'exec', dont_inherit=True)
    exec(code, main)


def _run_code():
    """`phicode -c CODE` and `phicode -`: MODULE is '-c' or '-', ENTRY the program, converted
    already, run in __main__ as `python -c` / `python -` run theirs (sys.path[0] '')."""
    if hasattr(sys, 'orig_argv'):
        sys.orig_argv = [sys.executable, _MODULE] + ([_ENTRY] if _MODULE == '-c' else []) + _ARGS
    sys.argv = [_MODULE] + _ARGS
    _install_hook()
    if not getattr(sys.flags, 'safe_path', False):
        sys.path[0] = _PATH0
    main = sys.modules['__main__'].__dict__
    name = '<string>'
    if _MODULE == '-':
        name = main['__file__'] = '<stdin>'
    exec(compile(_ENTRY, name, 'exec', dont_inherit=True), main)


def _apply_limits():
    """Resource limits for code the HTTP API runs (set in src/server/sandbox/_run.ts), applied
    before the module: PHICODE_RLIMITS='cpu=SECONDS,as=BYTES,fsize=BYTES,nproc=COUNT', 0 leaving
    one off. Absent on ordinary runs, which pay nothing. The variable is removed from the
    environment; the limits stay, for the program and everything it starts."""
    spec = os.environ.pop('PHICODE_RLIMITS', '')
    if not spec:
        return
    try:
        import resource
    except ImportError:
        return
    names = {'cpu': resource.RLIMIT_CPU, 'as': resource.RLIMIT_AS, 'fsize': resource.RLIMIT_FSIZE, 'nproc': resource.RLIMIT_NPROC}
    for item in spec.split(','):
        key, _, value = item.partition('=')
        if key in names and value.isdigit() and int(value) > 0:
            hard = resource.getrlimit(names[key])[1]
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(names[key], (value, value))


_apply_limits()
try:
    _run()
except SystemExit:
    raise
except BaseException:
    _load_errors()
    _use_clean_excepthook()
    raise
