# `%load_ext phicode` in IPython and Jupyter: each cell is converted before IPython compiles it
# (plain Python passes through unchanged), phi modules import, and tracebacks show the cell's
# phi lines (IPython would show the converted ones it compiled).
import linecache
import os

from phicode import _importer

# converted cell text -> the phi text it came from (the last few cells)
_ORIGINS = {}


def _convert(lines):
    text = ''.join(lines)
    converted = _importer.transpile(text, os.getcwd(), '<cell>')
    if converted != text:
        if len(_ORIGINS) > 16:
            _ORIGINS.clear()
        _ORIGINS[converted] = text
    return converted.splitlines(True)


def _show_phi_lines(cache):
    def cache_phi(transformed_code, number=0, raw_code=None):
        name = cache(transformed_code, number, raw_code)
        phi = _ORIGINS.get(transformed_code)
        if phi is not None and name in linecache.cache:
            size, mtime, _, fullname = linecache.cache[name]
            entry = (size, mtime, [line + '\n' for line in phi.splitlines()], fullname)
            linecache.cache[name] = entry
            if hasattr(linecache, '_ipython_cache'):
                linecache._ipython_cache[name] = entry
        return name

    cache_phi.phicode_original = cache
    return cache_phi


def load(ipython):
    import phicode
    phicode.install()
    if _convert not in ipython.input_transformers_post:
        ipython.input_transformers_post.append(_convert)
    if not hasattr(ipython.compile.cache, 'phicode_original'):
        ipython.compile.cache = _show_phi_lines(ipython.compile.cache)


def unload(ipython):
    if _convert in ipython.input_transformers_post:
        ipython.input_transformers_post.remove(_convert)
    original = getattr(ipython.compile.cache, 'phicode_original', None)
    if original is not None:
        ipython.compile.cache = original
