"""pytest plugin (the wheel's pytest11 entry point; PYTEST_PLUGINS under `phicode -m pytest`
and `phicode --test`): collects test_*.phi / *_test.phi (pytest's python_files with a phi
suffix) and conftest.phi, and rewrites their asserts as pytest does for .py files.

PYTEST_DONT_REWRITE"""
import os
from pathlib import Path

import pytest
from _pytest.assertion import rewrite as _rewrite
from _pytest.config import PytestPluginManager

import phicode
from phicode import _importer

phicode.install()


def _as_py(path):
    """The .py name pytest's patterns and checks are written for."""
    text = str(path)
    for suffix in _importer._SUFFIXES:
        if text.endswith(suffix):
            return text[:-len(suffix)] + '.py'
    return text


def pytest_collect_file(file_path, parent):
    if not _importer.is_phi(str(file_path)) or file_path.name.startswith('conftest.'):
        return None
    if parent.session.isinitpath(file_path) or any(_rewrite.fnmatch_ex(p, _as_py(file_path)) for p in parent.config.getini('python_files')):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


_should_rewrite = _rewrite.AssertionRewritingHook._should_rewrite
_exec_module = _rewrite.AssertionRewritingHook.exec_module


def _should_rewrite_phi(self, name, fn, state):
    if _importer.is_phi(fn):
        if self.session is not None and self.session.isinitpath(_rewrite.absolutepath(fn)):
            return True
        fn = _as_py(fn)
    return _should_rewrite(self, name, fn, state)


def _exec_phi_module(self, module):
    """Rewrites the asserts of the converted text (lines never move, so reports name the phi
    line); no pytest .pyc is kept for it."""
    origin = module.__spec__.origin
    if not _importer.is_phi(origin):
        return _exec_module(self, module)
    self._rewritten_names[module.__name__] = Path(origin)
    with open(origin, 'rb') as f:
        text = _importer._bx.decode_source(f.read())
    source = _importer.transpile(text, os.path.dirname(origin), origin).encode('utf-8')
    import ast
    tree = ast.parse(source, filename=origin)
    _rewrite.rewrite_asserts(tree, source, origin, self.config)
    exec(compile(tree, origin, 'exec', dont_inherit=True), module.__dict__)


_rewrite.AssertionRewritingHook._should_rewrite = _should_rewrite_phi
_rewrite.AssertionRewritingHook.exec_module = _exec_phi_module

# pytest 8 loads conftests in _loadconftestmodules (and only looks them up in
# _getconftestmodules); pytest 7 does both in _getconftestmodules. Same arguments either way.
_LOADER = '_loadconftestmodules' if hasattr(PytestPluginManager, '_loadconftestmodules') else '_getconftestmodules'
_load_conftests = getattr(PytestPluginManager, _LOADER)


def _load_conftests_phi(self, path, *rest, **named):
    """conftest.phi beside (or instead of) conftest.py, outermost first."""
    result = _load_conftests(self, path, *rest, **named)
    if self._noconftest:
        return result
    directory = self._get_directory(path)
    seen = self.__dict__.setdefault('_phicode_conftest_dirs', set())
    if directory not in seen:
        seen.add(directory)
        modules = list(self._dirpath2confmods.get(directory, ()))
        for parent in reversed((directory, *directory.parents)):
            if not self._is_in_confcutdir(parent):
                continue
            for suffix in _importer._SUFFIXES:
                candidate = parent / ('conftest' + suffix)
                if candidate.is_file():
                    module = self._importconftest(candidate, *rest, **named)
                    if module not in modules:
                        modules.append(module)
        self._dirpath2confmods[directory] = modules
    return None if result is None else self._dirpath2confmods[directory]


setattr(PytestPluginManager, _LOADER, _load_conftests_phi)
