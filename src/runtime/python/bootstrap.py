# phicode's Python bootstrap: runs one entry module the way `python3 x.py` (or `python3 -m x`)
# would, with an import hook for phi modules. A one-line -c stub execs it under the filename
# '<phicode>' in a private namespace, so `__main__` stays pristine for the program:
#
#   python -c STUB BOOTSTRAP ERRORS MODULE SUFFIXES PATH0 KIND ENTRY [ARGS...]
#
# ERRORS is the error-path half (bootstrap_errors.py), compiled only when an error needs it;
# MODULE the dotted name for `python -m` semantics ('' to run ENTRY as a script); SUFFIXES the
# phi file suffixes joined by '/'; PATH0 the value for sys.path[0]; KIND 'phi' when ENTRY is
# phi source whatever its name. The phicode process (the parent) transpiles: fd 3 is a socket
# to it (see `_exchange`). Start-up cost matters: compiling this file is paid on every run, and
# it imports only modules the interpreter has loaded already. Keep it Python 3.8 and ASCII.
import sys
import os
import _thread
import _signal
import _frozen_importlib_external as _bx

_BOOT = '<phicode>'
# The stub's frame heads every traceback; the error half hides it.
_STUB = sys._getframe(1).f_code
_FD = 3
_ERRORS_SOURCE, _MODULE, _SUFFIXES, _PATH0, _KIND, _ENTRY = sys.argv[2:8]
_SUFFIXES = tuple(_SUFFIXES.split('/'))
_ARGS = sys.argv[8:]
_OWNER = os.getpid()
_LOCK = _thread.allocate_lock()
# The fd is ours alone: programs the module starts must not inherit it.
os.set_inheritable(_FD, False)


def _exchange(path):
    """Asks the parent for `path` transpiled: -> (tag, text).

    Request: u32 length + path bytes. Reply: 1-byte tag + u32 length + UTF-8 body, where the
    tag is S (source), T (transpile error: line, column, line text, reason; NUL-separated),
    O (errno of a failed read) or I (import error message). Signals are blocked for the
    exchange so that a KeyboardInterrupt cannot leave a half-read reply in the socket.
    """
    if os.getpid() != _OWNER:
        raise ImportError('phicode: a forked process cannot import phi modules; import %s before forking' % path, path=path)
    data = os.fsencode(path)
    with _LOCK:
        mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, _signal.valid_signals())
        try:
            _write_all(len(data).to_bytes(4, 'big') + data)
            head = _read_exact(5)
            body = _read_exact(int.from_bytes(head[1:], 'big'))
        except OSError as error:
            raise ImportError('phicode: lost the connection to the phicode process (%s)' % error, path=path)
        finally:
            _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)
    return head[:1], body.decode('utf-8')


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


def _compile_phi(path):
    tag, text = _exchange(path)
    if tag != b'S':
        raise _failure(tag, text, path)
    try:
        # The interpreter's own optimize level (-O, PYTHONOPTIMIZE): asserts and docstrings
        # stay unless the user asked otherwise.
        return compile(text, path, 'exec', dont_inherit=True)
    except SyntaxError as error:
        _load_errors()
        _relocate(error, text, path)
        raise


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
    is_phi = _KIND == 'phi'
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
