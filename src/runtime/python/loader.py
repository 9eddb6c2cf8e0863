# phicode's bootstrap loader, the program the -c stub runs: its code as this interpreter compiled
# it on an earlier run (argv[3]), else its text (argv[2]) compiled, so it stays this small. With
# phicode's pid (argv[4]) it first sets the guard. Then it reads the three messages the phicode process sends first on
# fd 3 -- the bootstrap's cached code (magic number, then marshal data) or nothing, the
# bootstrap's text, the text of its error half -- and runs that code, or compiles the text
# when there is no code or it is not for this interpreter. The texts come through the socket,
# not as arguments: 25 KB of arguments cost every start about 0.3 ms. The bootstrap runs as
# the module `phicode._importer`, which `import phicode` then finds registered (one import
# hook, one channel per process). Keep it Python 3.8 and ASCII.
import sys
import os
import marshal
import _frozen_importlib_external

if sys.argv[4]:
    # The interpreter leads its own process group (src/util/signals.ts, `childOwnsGroup`): it is
    # killed when phicode dies (a SIGKILL to phicode's group no longer reaches it), or ends at once
    # if phicode is already gone. prctl(PR_SET_PDEATHSIG, SIGKILL) through the interpreters' own
    # C bridges, not the ctypes package (2-5 ms on CPython, 30 ms on PyPy).
    if sys.implementation.name == 'pypy':
        import _cffi_backend as _b
        _i = _b.new_primitive_type('int')
        _b.load_library(None).load_function(_b.new_function_type((_i, _b.new_primitive_type('unsigned long')), _i), 'prctl')(1, 9)
    else:
        # Not from the working directory (sys.path's ''), which nothing else lists: its listing
        # cost 0.07 ms for 25 entries, 0.25 ms for 300, and a _ctypes.py there would be imported.
        _path, sys.path = sys.path, [_p for _p in sys.path if _p]
        try:
            import _ctypes as _c
        finally:
            sys.path = _path
        _c.call_function(_c.dlsym(_c.dlopen(None), 'prctl'), (1, 9))
    if os.getppid() != int(sys.argv[4]):
        os._exit(137)


def _read_boot(size):
    data = b''
    while len(data) < size:
        chunk = os.read(3, size - len(data))
        if not chunk:
            sys.exit('phicode: lost the connection to the phicode process')
        data += chunk
    return data


def _message():
    return _read_boot(int.from_bytes(_read_boot(4), 'big'))


_BOOT_CODE, _BOOT_SOURCE = _message(), _message()
_BOOT_MODULE = sys.modules['phicode._importer'] = type(sys)('phicode._importer')
_BOOT_MODULE._BOOT_ERRORS = _message()
_BOOT_LOADED = None
if _BOOT_CODE[:4] == _frozen_importlib_external.MAGIC_NUMBER:
    try:
        _BOOT_LOADED = marshal.loads(_BOOT_CODE[4:])
    except Exception:
        pass  # bytecode of another Python build: the text is compiled instead
_BOOT_MODULE._BOOT_LOADED = _BOOT_LOADED
# Compiled from its text just now: the bootstrap sends this code back to be kept (`L`).
_BOOT_MODULE._LOADER_CODE = None if _code else sys._getframe(0).f_code
_BOOT_CODE = _BOOT_LOADED or compile(_BOOT_SOURCE, '<phicode>', 'exec')
del _BOOT_SOURCE
exec(_BOOT_CODE, _BOOT_MODULE.__dict__)
