# Activation at interpreter start (the sitecustomize a phicode run puts on PYTHONPATH, or the
# .pth of `phicode --python-install-hook` / the wheel's under PHICODE_AUTO=1): the import hook,
# and, when the interpreter was started on a phi script (`python3 app.phi`, as a reloader
# re-runs its program), the script itself. Python would compile that file as plain Python
# once site.py is done, so it is run here and the interpreter ends with its outcome.
import os
import sys

_DONE = []


def activate():
    if _DONE:
        return
    _DONE.append(True)
    import phicode
    phicode.install()
    script = _phi_script()
    if script:
        _run_script(script)


def _phi_script():
    """argv[0] when it is a phi file Python was asked to run (not -c, -m, stdin or a REPL)."""
    from phicode import _importer
    argv0 = sys.argv[0] if sys.argv else ''
    if argv0 in ('', '-c', '-m', '-') or not _importer.is_phi(argv0):
        return None
    return argv0 if os.path.isfile(argv0) else None


def _run_script(path):
    from phicode import _importer
    if not getattr(sys.flags, 'safe_path', False):
        sys.path.insert(0, os.path.dirname(os.path.realpath(path)))
    main = sys.modules['__main__']
    main.__dict__.update(__file__=path, __cached__=None, __loader__=_importer.PhiLoader('__main__', path))
    status, interrupted = 0, False
    try:
        exec(_importer._compile_phi(os.path.abspath(path)), main.__dict__)
    except SystemExit as exit:
        status = _exit_status(exit.code)
    except BaseException as error:
        interrupted = isinstance(error, KeyboardInterrupt)
        sys.excepthook(type(error), error, error.__traceback__.tb_next)
        status = 1
    _end(status, interrupted)


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write('%s\n' % (code,))
    except Exception:
        pass
    return 1


def _end(status, interrupted):
    """What the interpreter does at its end: wait for threads, run atexit, flush; then exit,
    by SIGINT after an uncaught KeyboardInterrupt."""
    threading = sys.modules.get('threading')
    if threading is not None:
        try:
            threading._shutdown()
        except BaseException:
            pass
    import atexit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    if interrupted:
        import signal
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status)
