# Put on PYTHONPATH by a `phicode` run for the interpreters its program starts (a reloader's
# `sys.executable app.phi`, multiprocessing's spawn and forkserver): runs the sitecustomize
# this one hides, then activates phicode (PHICODE_AUTO=1), which runs a phi script itself.
import os
import sys


def _chain():
    # The import system's own modules, loaded already: importlib.util would cost milliseconds.
    import _frozen_importlib
    import _frozen_importlib_external
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = _frozen_importlib_external.PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    module = _frozen_importlib.module_from_spec(spec)
    sys.modules['sitecustomize'] = module
    spec.loader.exec_module(module)


_chain()
if os.environ.get('PHICODE_AUTO') == '1':
    from phicode import _auto
    _auto.activate()
