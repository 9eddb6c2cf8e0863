# phicode's Python bootstrap: runs one entry module the way `python3 x.py` (or `python3 -m x`)
# would, with an import hook for phi modules. A one-line -c stub runs the loader (loader.py)
# under the filename '<phicode>' in a private namespace, so `__main__` stays pristine for the
# program; the loader runs this bootstrap's cached code, or compiles it, in the module
# `phicode._importer`. The bootstrap's text is python/phicode/_importer.py (the import hook,
# shared with the `phicode` package) followed by this file; the loader reads it, and the text of
# the error-path half (python/phicode/_errors.py, compiled only when an error needs it), from
# the parent's socket:
#
#   python -c STUB FETCH LOADER LOADER_CODE GUARD MODULE SUFFIXES PATH0 KIND STORE ENTRY [ARGS...]
#
# FETCH runs the loader's code kept in the file LOADER_CODE ('' for none), else compiles LOADER;
# GUARD is phicode's pid when the loader is to set the parent-death guard, else '';
# MODULE the dotted name for `python -m` semantics ('' to run ENTRY as a script); SUFFIXES
# the phi file suffixes joined by '/'; PATH0 the value for sys.path[0]; KIND 'phi' when ENTRY
# is phi source whatever its name, 'code' when ENTRY is the program's converted text itself
# (MODULE then '-c' or '-', see `_run_code`); STORE '1' when compiled code is to be cached.
# The phicode process (the parent) transpiles and keeps the bytecode cache: fd 3 is a socket to
# it, on which it then sends the package folder (`_share`) and the pushed modules unasked. Start-up cost matters: it imports only
# modules the interpreter has loaded already. Keep it Python 3.8 and ASCII.
import atexit

_SELF = sys._getframe(0).f_code


def _outermost():
    """The stub's code: its frame heads every traceback, beyond ours; the error half hides it."""
    frame = sys._getframe(1)
    while frame.f_code.co_filename == _BOOT:
        frame = frame.f_back
    return frame.f_code


_STUB = _outermost()
_FD = 3
_OWNER = os.getpid()
_ERRORS_SOURCE = _BOOT_ERRORS
_MODULE, _SUFFIXES, _PATH0, _KIND, _STORE, _ENTRY = sys.argv[5:11]
_SUFFIXES = tuple(_SUFFIXES.split('/'))
_ARGS = sys.argv[11:]
_PACKAGE = ''


def _read_message():
    """A message the parent sends unasked: a u32 big-endian length, then the bytes."""
    return _read_exact(int.from_bytes(_read_exact(4), 'big'))
_STORE = _STORE == '1'
# The fd is ours alone: programs the module starts must not inherit it.
os.set_inheritable(_FD, False)
_SOCKET = _identity(_FD)


def _read_pushed():
    """The modules the parent pushes ahead of their imports: the code it has cached for each
    phi module the previous run of this entry imported, with the file's identity when the
    parent read it -> {path: ('mtime_ns NUL ctime_ns NUL size NUL inode', body as in a C
    reply)}, marshal data the parent writes (one C call, not a loop over 200 records). The
    parent sends them unasked, after the bootstrap's code, for the optimization level it
    expects (the message's first byte); at another level they are asked for (H)."""
    data = _read_message()
    if data[:1] == _LEVEL:
        data = data[1:]
    else:
        tag, data = _exchange(b'H', _LEVEL, _ENTRY)
    return marshal.loads(data) if data else {}


def _share():
    """Interpreters the program starts (a `sys.executable` re-run, multiprocessing's spawn and
    forkserver, a reloader) find the package on PYTHONPATH and its sitecustomize activates it
    (PHICODE_AUTO); pytest loads its plugin. This interpreter imports it only when asked. The
    folder ('' for none) comes through the socket: the parent finds or writes it once the
    interpreter is started, not before."""
    if not _PACKAGE:
        return
    sys.path.append(_PACKAGE)
    env = os.environ
    env['PYTHONPATH'] = _PACKAGE + os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else _PACKAGE
    env['PHICODE_AUTO'] = '1'
    env['PHICODE_SUFFIXES'] = '/'.join(_SUFFIXES)
    plugins = env.get('PYTEST_PLUGINS')
    env['PYTEST_PLUGINS'] = plugins + ',phicode.pytest_plugin' if plugins else 'phicode.pytest_plugin'


def _hang_up():
    """At exit, after the program's own exit handlers: the code still queued, then the socket
    closed, so the parent settles its cache while this interpreter finalizes instead of after
    it has exited. An import after this (a __del__, a daemon thread) opens a channel of its own
    (`_connect`); the descriptor is forgotten first, so a file opened later as fd 3 is never
    taken for the socket, and one the program opened there after closing the socket is left
    alone (`_still_ours`)."""
    global _FD
    if _STORE:
        _send_outbox()
    with _LOCK:
        if os.getpid() == _OWNER and _FD >= 0:
            fd, _FD = _FD, -1
            if _identity(fd) == _SOCKET:
                os.close(fd)


def _run():
    global _PACKAGE, _PUSHED
    is_phi = _KIND == 'phi'
    _PACKAGE = os.fsdecode(_read_message())
    _PUSHED = _read_pushed()
    atexit.register(_hang_up)
    if _STORE:
        if _BOOT_LOADED is None:
            _keep(b'B', _MAGIC + marshal.dumps(_SELF))
        if _LOADER_CODE is not None:
            _keep(b'L', _MAGIC + marshal.dumps(_LOADER_CODE))
    if _KIND == 'code':
        return _run_code()
    if hasattr(sys, 'orig_argv'):
        sys.orig_argv = [sys.executable] + (['-m', _MODULE] if _MODULE else [_ENTRY]) + _ARGS
    sys.argv = [_ENTRY if not _MODULE else '-m'] + _ARGS
    _install_hook()
    _share()
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
    _share()
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
