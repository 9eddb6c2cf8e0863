# phicode's bootstrap loader, the program the -c stub runs (argv[1]). It is compiled on every
# run, so it stays this small: it reads the three messages the phicode process sends first on
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
_BOOT_CODE = _BOOT_LOADED or compile(_BOOT_SOURCE, '<phicode>', 'exec')
del _BOOT_SOURCE
exec(_BOOT_CODE, _BOOT_MODULE.__dict__)
