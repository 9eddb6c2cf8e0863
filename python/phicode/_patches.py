# What standard modules need to know of phi files, applied to each right after its first
# import (see `_Patches` in _importer.py), or at once by `phicode.install()` when it is loaded.
import os
import sys

from phicode import _importer


def patch_loaded():
    for name in list(_importer._WATCHED):
        if name in sys.modules:
            _importer._WATCHED.discard(name)
            patch(sys.modules[name])


def patch(module):
    _BY_NAME[module.__name__](module)


def _runpy(runpy):
    """runpy.run_path('x.phi'): how multiprocessing's spawn and forkserver children re-create
    a phi `__main__`."""
    original = runpy._get_code_from_file

    def _get_code_from_file(*args):
        fname = args[-1]
        if _importer.is_phi(os.fsdecode(fname)):
            return _importer._compile_phi(os.path.abspath(os.fsdecode(fname))), fname
        return original(*args)

    runpy._get_code_from_file = _get_code_from_file


def _inspect(inspect):
    """getsource and friends read phi lines (linecache's), but find where a def or class ends
    on the converted text: its tokens are Python's. Lines never move in a conversion.
    getmodulename knows phi suffixes, so pkgutil.iter_modules lists phi modules and packages."""
    import linecache
    findsource, getsourcelines, getmodulename = inspect.findsource, inspect.getsourcelines, inspect.getmodulename

    def _phi_file(obj):
        try:
            name = inspect.getsourcefile(obj)
        except TypeError:
            return None
        return name if _importer.is_phi(name) else None

    def _on_plain(call, obj, name):
        phi = linecache.getlines(name)
        plain = _importer.transpile(''.join(phi), os.path.dirname(name), name).splitlines(True)
        kept = linecache.cache.get(name)
        linecache.cache[name] = (len(plain), None, plain, name)
        try:
            result = call(obj)
        finally:
            if kept is None:
                linecache.cache.pop(name, None)
            else:
                linecache.cache[name] = kept
        return phi, result

    def _findsource(obj):
        name = _phi_file(obj)
        if name is None:
            return findsource(obj)
        phi, (_, lnum) = _on_plain(findsource, obj, name)
        return phi, lnum

    def _getsourcelines(obj):
        obj = inspect.unwrap(obj)
        name = _phi_file(obj)
        if name is None:
            return getsourcelines(obj)
        phi, (lines, lnum) = _on_plain(getsourcelines, obj, name)
        start = max(lnum - 1, 0)
        return phi[start:start + len(lines)], lnum

    def _getmodulename(path):
        base = os.path.basename(path)
        for suffix in _importer._SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix):
                return base[:-len(suffix)]
        return getmodulename(path)

    inspect.findsource, inspect.getsourcelines, inspect.getmodulename = _findsource, _getsourcelines, _getmodulename


class _PathWithPhiInit:
    """os.path for unittest's loader: a folder with __init__.phi is a package too."""

    def __getattr__(self, name):
        return getattr(os.path, name)

    @staticmethod
    def isfile(path):
        if os.path.isfile(path):
            return True
        head, tail = os.path.split(path)
        return tail == '__init__.py' and any(os.path.isfile(os.path.join(head, '__init__' + s)) for s in _importer._SUFFIXES)


class _OsForUnittest:
    path = _PathWithPhiInit()

    def __getattr__(self, name):
        return getattr(os, name)


def _unittest_loader(loader):
    """unittest discover: test_*.phi files (with -p 'test*.phi') and __init__.phi packages."""
    import re
    suffixes = '|'.join(re.escape(s[1:]) for s in ('.py',) + _importer._SUFFIXES)
    loader.VALID_MODULE_NAME = re.compile(r'[_a-z]\w*\.(?:%s)$' % suffixes, re.IGNORECASE)
    loader.os = _OsForUnittest()


def _coverage_python(python):
    """coverage.py reads a file's source for `coverage run x.phi` and for its reports: for a phi
    file, the converted text (lines never move, so reports count phi lines)."""
    get_python_source = python.get_python_source

    def _get_python_source(filename):
        if _importer.is_phi(filename):
            with open(filename, 'rb') as f:
                text = _importer._bx.decode_source(f.read())
            return _importer.transpile(text, os.path.dirname(os.path.abspath(filename)), filename)
        return get_python_source(filename)

    python.get_python_source = _get_python_source


def _coverage_inorout(inorout):
    """phicode's own package is, like coverage.py's, never measured."""
    add_coverage_paths = inorout.add_coverage_paths

    def _add_coverage_paths(paths):
        add_coverage_paths(paths)
        paths.add(inorout.canonical_path(os.path.dirname(__file__), directory=True))

    inorout.add_coverage_paths = _add_coverage_paths


def _pdb(pdb):
    """`python -m pdb x.phi` (3.11+: pdb's script target compiles the file's text itself)."""
    target = getattr(pdb, '_ScriptTarget', None)
    if target is None:
        return
    code = target.code

    def _code(self):
        if not _importer.is_phi(str(self)):
            return code.fget(self)
        with open(self, 'rb') as f:
            text = _importer._bx.decode_source(f.read())
        return 'exec(compile(%r, %r, \'exec\'))' % (_importer.transpile(text, os.path.dirname(self), str(self)), str(self))

    target.code = property(_code)


_BY_NAME = {
    'runpy': _runpy, 'inspect': _inspect, 'unittest.loader': _unittest_loader, 'pdb': _pdb,
    'coverage.python': _coverage_python, 'coverage.inorout': _coverage_inorout,
}
