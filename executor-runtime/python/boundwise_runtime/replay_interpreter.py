"""The side of the replay that runs inside each sub-interpreter (replay.py's "interpreters" mode).

replay.py creates one sub-interpreter per worker, each with its own GIL, and runs `setup` in it:
the target is imported there as the replay process imported it (same sys.path and folder; the
main script as multiprocessing's spawn loads it) and the captured arguments are unpickled from
their files. Then each timed task is one `run(index)` sent by the worker thread that owns the
interpreter. Only pure-Python imports here: a sub-interpreter cannot load every extension.
"""
import importlib
import pickle
import sys

_function = None
_calls = []
_chunk = 1


def resolve(meta):
    """The captured callable: its module imported (the program's main script loaded the way
    multiprocessing's spawn does: as __mp_main__, aliased to __main__, without running its
    `if __name__ == "__main__"`), then its qualname followed."""
    if meta.get("main_path"):
        from multiprocessing import spawn

        spawn.import_main_path(meta["main_path"])
        obj = sys.modules["__main__"]
    else:
        obj = importlib.import_module(meta["module"])
    for part in meta["qualname"].split("."):
        obj = getattr(obj, part)
    return obj


def setup(meta, args_files, chunk):
    global _function, _chunk
    _function = resolve(meta)
    for path in args_files:
        with open(path, "rb") as f:
            _calls.append(pickle.loads(f.read()))
    _chunk = chunk


def run(index):
    args, kwargs = _calls[index % len(_calls)]
    for _ in range(_chunk):
        _function(*args, **kwargs)
