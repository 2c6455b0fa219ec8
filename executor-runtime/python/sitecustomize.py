"""boundwise's bootstrap hook: `boundwise profile` puts this folder first on PYTHONPATH, so
every Python process the program starts (subprocess, multiprocessing spawn/fork/forkserver,
pytest workers) loads the profiler before any user code runs.

Another sitecustomize further down sys.path (a distribution's or a virtualenv's) still runs.
"""
import os
import sys


def _chain_next_sitecustomize():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


try:
    _chain_next_sitecustomize()
finally:
    if os.environ.get("BOUNDWISE_PROFILE_TARGETS"):
        try:
            from boundwise_runtime import bootstrap as _boundwise_bootstrap

            _boundwise_bootstrap.start()
        except Exception as _error:  # the program must run even when the profiler cannot
            sys.stderr.write(f"boundwise: profiler not loaded in process {os.getpid()}: {_error}\n")
