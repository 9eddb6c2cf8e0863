# `%load_ext phicode` in IPython and Jupyter: each cell is converted before IPython compiles it
# (plain Python passes through unchanged), and phi modules import.
import os

from phicode import _importer


def _convert(lines):
    text = ''.join(lines)
    converted = _importer.transpile(text, os.getcwd(), '<cell>')
    return converted.splitlines(True)


def load(ipython):
    import phicode
    phicode.install()
    if _convert not in ipython.input_transformers_post:
        ipython.input_transformers_post.append(_convert)


def unload(ipython):
    if _convert in ipython.input_transformers_post:
        ipython.input_transformers_post.remove(_convert)
