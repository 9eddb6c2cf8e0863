# phicode's bootstrap loader, the program the -c stub runs (argv[1]). It is compiled on every
# run, so it stays this small: it reads the message the phicode process sends first on fd 3 --
# the bootstrap's cached code (magic number, then marshal data), or nothing -- and runs that
# code, or compiles the bootstrap's text (argv[2]) when there is none or it is not for this
# interpreter. The bootstrap runs as the module `phicode._importer`, which `import phicode`
# then finds registered (one import hook, one channel per process). Keep it Python 3.8 and ASCII.
import sys
import os
import marshal
import _frozen_importlib_external


def _read_boot(size):
    data = b''
    while len(data) < size:
        chunk = os.read(3, size - len(data))
        if not chunk:
            break
        data += chunk
    return data


_BOOT_CODE = _read_boot(int.from_bytes(_read_boot(4), 'big'))
_BOOT_LOADED = None
if _BOOT_CODE[:4] == _frozen_importlib_external.MAGIC_NUMBER:
    try:
        _BOOT_LOADED = marshal.loads(_BOOT_CODE[4:])
    except Exception:
        pass  # bytecode of another Python build: the source below is compiled instead
del _BOOT_CODE
_BOOT_MODULE = sys.modules['phicode._importer'] = type(sys)('phicode._importer')
_BOOT_MODULE._BOOT_LOADED = _BOOT_LOADED
exec(_BOOT_LOADED or compile(sys.argv[2], '<phicode>', 'exec'), _BOOT_MODULE.__dict__)
