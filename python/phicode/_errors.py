# The error-path half of phicode's Python bootstrap: how tracebacks and SyntaxErrors of phi
# files are shown. Compiled into the bootstrap's namespace only when an error needs it (see
# `_load_errors` there), so a program that runs cleanly never pays for compiling it. It uses
# the bootstrap's names: sys, _BOOT, _STUB, _SUFFIXES, _KIND, _ENTRY.
import builtins

_GROUP = getattr(builtins, 'BaseExceptionGroup', ())
_IMPORTLIB = ('<frozen importlib._bootstrap>', '<frozen importlib._bootstrap_external>')


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


def _is_phi(filename):
    return filename.endswith(_SUFFIXES) or (_KIND == 'phi' and filename == _ENTRY)


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
