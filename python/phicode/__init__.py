"""phi-Python from any Python process: `import phicode; phicode.install()` lets `import x` find
x.phi (and x.\u03c6) beside x.py. The phicode executable converts the files, over one channel
per process, with each project's symbols and the same caches as `phicode x.phi` runs.

PYTEST_DONT_REWRITE: phicode's own modules hold no test asserts for pytest to rewrite."""
import os
import sys

# In a `phicode x.phi` run the bootstrap registered its own hook as this module: one hook, one
# channel. Anywhere else it is the file beside this one.
from phicode import _importer

__all__ = ['install', 'install_phicode_importer', 'transpile', 'transpile_symbols', 'load_ipython_extension']


def install(path=None):
    """Lets this interpreter import phi modules (again a no-op). `path`: a folder of phi
    modules to import from, put first on sys.path."""
    if path is not None:
        path = os.path.abspath(os.fspath(path))
        if path not in sys.path:
            sys.path.insert(0, path)
            sys.path_importer_cache.pop(path, None)
    suffixes = os.environ.get('PHICODE_SUFFIXES')
    if suffixes and _importer._HOOK is None:
        _importer._SUFFIXES = tuple(suffixes.split('/'))
    _importer._install_hook()
    from phicode import _patches
    _patches.patch_loaded()


def transpile(source, directory=None):
    """The Python text of phi `source`, converted with the symbols of `directory`'s project
    (default: the working directory's). A transpile error is a SyntaxError."""
    return _importer.transpile(source, directory)


# The names the original Python phicode engine exported.
install_phicode_importer = install
transpile_symbols = transpile


def load_ipython_extension(ipython):
    """`%load_ext phicode`: phi cells run, phi modules import."""
    from phicode import _ipython
    _ipython.load(ipython)


def unload_ipython_extension(ipython):
    from phicode import _ipython
    _ipython.unload(ipython)
