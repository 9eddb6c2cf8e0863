# phicode's Python bootstrap: runs one entry module the way `python3 x.py` (or `python3 -m x`)
# would, with an import hook for phi modules. It is exec'd by a one-line -c stub under the
# filename '<phicode>' in a private namespace, so `__main__` stays pristine for the program:
#
#   python -c STUB BOOTSTRAP MODULE SUFFIXES PATH0 KIND ENTRY [ARGS...]
#
# MODULE is the dotted name for `python -m` semantics ('' to run ENTRY as a script), SUFFIXES the
# phi file suffixes joined by '/', PATH0 the value for sys.path[0], KIND 'phi' when ENTRY is
# phi source whatever its name. The phicode process (the
# parent) transpiles: fd 3 is a socket to it (see `_exchange`). Start-up cost matters, so only
# modules Python has already loaded at start are imported here; error paths import lazily.
# Keep it Python 3.8 syntax and ASCII.
import sys
import os
import _thread
import builtins
import _signal
import _frozen_importlib_external as _bx

_BOOT = '<phicode>'
_STUB = sys._getframe(1).f_code
_IMPORTLIB = ('<frozen importlib._bootstrap>', '<frozen importlib._bootstrap_external>')
_FD = 3
_MODULE, _SUFFIXES, _PATH0, _KIND, _ENTRY = sys.argv[2:7]
_SUFFIXES = tuple(_SUFFIXES.split('/'))
_ARGS = sys.argv[7:]
_OWNER = os.getpid()
_LOCK = _thread.allocate_lock()
# The fd is ours alone: programs the module starts must not inherit it.
os.set_inheritable(_FD, False)


def _exchange(path):
    """Asks the parent for `path` transpiled: -> (tag, text).

    Request: u32 length + path bytes. Reply: 1-byte tag + u32 length + UTF-8 body, where the
    tag is S (source), T (transpile error: line, column, line text, reason; NUL-separated),
    O (errno of a failed read) or I (import error message). Signals are blocked for the exchange so
    that a KeyboardInterrupt cannot leave a half-read reply in the socket.
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


def _compile_phi(path):
    tag, text = _exchange(path)
    if tag != b'S':
        raise _failure(tag, text, path)
    try:
        # The interpreter's own optimize level (-O, PYTHONOPTIMIZE): asserts and docstrings
        # stay unless the user asked otherwise.
        return compile(text, path, 'exec', dont_inherit=True)
    except SyntaxError as error:
        _relocate(error, text, path)
        raise


def _failure(tag, text, path):
    if tag == b'T':
        line, column, source_line, reason = text.split('\0', 3)
        return SyntaxError(reason, (path, int(line), int(column), source_line))
    if tag == b'O':
        return OSError(int(text), os.strerror(int(text)), path)
    return ImportError(text, path=path)


def _relocate(error, source, path):
    """Shows the phi line instead of the transpiled one, with the column mapped onto it."""
    if error.filename != path or not error.lineno:
        return
    import linecache
    phi_line = linecache.getline(path, error.lineno)
    plain = _syntax_error_on(source)
    error.text = phi_line or error.text
    error.offset = None
    if hasattr(error, 'end_offset'):
        error.end_offset = None
    if not (phi_line and plain and plain.lineno == error.lineno and plain.text and plain.offset):
        return
    error.offset = _phi_column(plain.text, phi_line, plain.offset)
    end = getattr(plain, 'end_offset', None)
    if error.offset and end and plain.end_lineno == error.lineno:
        error.end_offset = _phi_column(plain.text, phi_line, end)


def _syntax_error_on(source):
    """The SyntaxError of `source` with its column on the transpiled text.

    Given a real file name, CPython re-reads the error's line from that file and converts the
    parser's byte column against it: against the phi line, that column is garbled. So compile
    again under a name that can be no file.
    """
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            compile(source, '/dev/null/phicode', 'exec', dont_inherit=True)
        except SyntaxError as error:
            return error
    return None


def _phi_column(code, phi, offset):
    """Maps a 1-based column of the transpiled line onto the phi line, or None.

    The lines differ only where a symbol became its keyword: align them on their longest common
    subsequence; a column inside a keyword lands on its symbol.
    """
    n, m = len(code), len(phi)
    if n * m > 250000:
        return None
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = lcs[i], lcs[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if code[i] == phi[j] else max(below[j], row[j + 1])
    target = offset - 1
    i = j = 0
    while i < n and j < m and i < target:
        if code[i] == phi[j] and lcs[i][j] == lcs[i + 1][j + 1] + 1:
            i, j = i + 1, j + 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            i += 1
        else:
            j += 1
    return j + 1 + max(0, target - i) if i >= n else j + 1


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


def _is_phi(filename):
    return filename.endswith(_SUFFIXES) or (_KIND == 'phi' and filename == _ENTRY)


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


def _strip(tb):
    """The traceback without the bootstrap's frames, nor the importlib frames that led into
    them (CPython hides those itself when no foreign frame sits in between)."""
    frames = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    keep = [True] * len(frames)
    for i, entry in enumerate(frames):
        code = entry.tb_frame.f_code
        if code is _STUB or code.co_filename == _BOOT:
            keep[i] = False
            j = i - 1
            while j >= 0 and frames[j].tb_frame.f_code.co_filename in _IMPORTLIB:
                keep[j] = False
                j -= 1
    kept = [entry for entry, k in zip(frames, keep) if k]
    for entry, following in zip(kept, kept[1:] + [None]):
        entry.tb_next = following
    return kept[0] if kept else None


def _clean(error, seen):
    if error is None or id(error) in seen:
        return
    seen.add(id(error))
    error.__traceback__ = _strip(error.__traceback__)
    _clean(error.__cause__, seen)
    _clean(error.__context__, seen)
    for inner in getattr(error, 'exceptions', ()) if isinstance(error, _GROUP) else ():
        _clean(inner, seen)


_GROUP = getattr(builtins, 'BaseExceptionGroup', ())


def _drop_phi_carets(summary, seen):
    """Columns in the code objects count characters of the transpiled line; on the phi line
    they would point at the wrong place, so phi frames get no carets."""
    if summary is None or id(summary) in seen:
        return
    seen.add(id(summary))
    for frame in summary.stack:
        if _is_phi(frame.filename) and hasattr(frame, 'colno'):
            frame.colno = frame.end_colno = None
    _drop_phi_carets(summary.__cause__, seen)
    _drop_phi_carets(summary.__context__, seen)
    for inner in getattr(summary, 'exceptions', None) or ():
        _drop_phi_carets(inner, seen)


def _print_exception(etype, value, tb):
    summary = _traceback.TracebackException(type(value), value, tb)
    _drop_phi_carets(summary, set())
    sys.stderr.write(''.join(summary.format()))


def _use_clean_excepthook():
    """Hands the uncaught exception back to the interpreter (so exit status, atexit and the
    SIGINT exit of an uncaught KeyboardInterrupt are its own) with a hook that hides us.

    The traceback module is imported here, not in the hook: an import inside the hook makes
    CPython forget that a KeyboardInterrupt went unhandled, and exit 1 instead of by SIGINT.
    """
    global _traceback
    import traceback as _traceback
    user_hook = sys.excepthook
    show = _print_exception if user_hook is sys.__excepthook__ else user_hook

    def excepthook(etype, value, tb):
        value.__traceback__ = tb
        _clean(value, set())
        show(etype, value, value.__traceback__)

    sys.excepthook = excepthook


try:
    _run()
except SystemExit:
    raise
except BaseException:
    _use_clean_excepthook()
    raise
