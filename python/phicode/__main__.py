"""`python -m phicode args...`: the phicode executable (the wheel's, PHICODE_BIN, or PATH's),
as `python -m ruff` runs ruff."""
import os
import sys

from phicode import _importer


def _main():
    binary = _importer._binary()
    if os.name == 'nt':
        import subprocess
        sys.exit(subprocess.call([binary] + sys.argv[1:]))
    os.execv(binary, [binary] + sys.argv[1:])


if __name__ == '__main__':
    _main()
