"""The profiler bootstrap: wraps the functions and callees the static pass named in probes.

`boundwise profile` writes a targets file (BOUNDWISE_PROFILE_TARGETS) that lists, with the slot
each one counts into:
  functions: user functions (real path, qualname)
  callees:   library callables called at classified call sites (dotted name)
  sites:     the call sites themselves (real path, line), attached to the probe of their callee.

A probe is installed by swapping the function's __code__ for a small wrapper that calls the
probe, so the function object keeps its identity: pickling by reference (process pools),
references taken before the swap, decorators that stored it, all keep working. Only the named
functions pay anything; the rest of the program runs untouched (no sys.setprofile).

On CPython 3.12+ user functions are measured through sys.monitoring instead (PEP 669, see
_start_monitoring): nothing is swapped, so calls made while a module is still running, nested
functions, async def functions and generators are measured too. Library callees are wrapped on
every version.

Counters go to a per-process file mapped MAP_SHARED by the native module: nothing has to be
flushed, so results survive exceptions, sys.exit, signals, os._exit and SIGKILL.
"""
import json
import os
import sys
import time
import types

try:
    import _boundwise_native as native
except ImportError as error:  # built for another Python than the one running the program
    native = None
    _native_error = error

# Why a target could not be instrumented (slot state; 1 = instrumented).
INSTRUMENTED = 1
NOT_INSTRUMENTED = {
    "async": 2,          # async def / generator: the wrapper would only time creating it
    "nested": 3,         # defined inside another function: a new object per call
    "immutable": 4,      # attribute of a built-in type or C module that cannot be replaced
    "missing": 5,        # the name was not found after the module ran
}

# inspect.CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR, without
# importing inspect (and typing, through importlib.abc): every process pays for the bootstrap.
_CO_ASYNC_OR_GENERATOR = 0x20 | 0x80 | 0x100 | 0x200
_SENTINEL = "__boundwise_probe__"

_config = None
_functions_by_file = {}   # real path -> [function target]
_file_slots = {}          # real path -> slot marked once the file's module has run
_callees_by_module = {}   # module name -> [callee target]
_sites_by_function = {}   # function slot -> [(path, line, slot)]
_done = set()             # slots already handled in this process
_watched_modules = set()  # module names whose loading we wait for
_monitoring_tool = None   # the sys.monitoring tool id in use (3.12+), None: __code__ swaps


def _real(path):
    try:
        return os.path.realpath(path)
    except (TypeError, ValueError):
        return str(path)


def _open_results():
    out = _config["out_dir"]
    path = os.path.join(out, f"proc-{os.getpid()}-{time.monotonic_ns()}.bin")
    native.open_results(path, _config["slots"])
    for slot in _done_states:
        native.set_slot_state(slot, _done_states[slot])


_done_states = {}


def _mark(slot, state):
    _done.add(slot)
    _done_states[slot] = state
    native.set_slot_state(slot, state)


def _wrapper_code(original_code, probe, name, qualname):
    """A code object `def name(*a, **k): return probe(a, k)` with the same free variables as
    the function it replaces (CPython requires that for a __code__ swap)."""
    free = original_code.co_freevars if original_code is not None else ()
    lines = ["def __factory():"]
    for var in free:
        lines.append(f"    {var} = None")
    lines.append("    def __bw_wrapper(*__bw_args, **__bw_kwargs):")
    for var in free:
        lines.append(f"        {var}")
    lines.append(f"        __bw_probe = {_SENTINEL!r}")
    lines.append("        return __bw_probe(__bw_args, __bw_kwargs)")
    lines.append("    return __bw_wrapper")
    namespace = {}
    exec(compile("\n".join(lines), "<boundwise>", "exec"), namespace)
    code = namespace["__factory"]().__code__
    consts = tuple(probe if c == _SENTINEL else c for c in code.co_consts)
    changes = {"co_consts": consts, "co_name": name}
    if hasattr(code, "co_qualname"):
        changes["co_qualname"] = qualname
    if original_code is not None:
        changes["co_filename"] = original_code.co_filename
        changes["co_firstlineno"] = original_code.co_firstlineno
    return code.replace(**changes)


def _instrument_function(fn, slot, sites):
    """Swaps fn.__code__ for a probe wrapper. Returns the slot state."""
    if getattr(fn, "__boundwise_original__", None) is not None:
        return INSTRUMENTED
    code = fn.__code__
    if code.co_flags & _CO_ASYNC_OR_GENERATOR:
        return NOT_INSTRUMENTED["async"]
    original = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    original.__kwdefaults__ = fn.__kwdefaults__
    original.__qualname__ = fn.__qualname__
    original.__module__ = fn.__module__
    probe = native.Probe(original, slot, sites)
    fn.__code__ = _wrapper_code(code, probe, code.co_name, fn.__qualname__)
    fn.__boundwise_original__ = original
    if "__wrapped__" not in fn.__dict__:
        # inspect.signature follows __wrapped__: pytest fixtures, parametrize, dependency
        # injection and CLI frameworks still see the function's own parameters.
        fn.__wrapped__ = original
    _swapped[slot] = (fn, code)
    return INSTRUMENTED


_swapped = {}  # slot -> (function, its original code)


def _retire(slot):
    """Deep recursion: the function goes back to its own code (see native_module.cpp)."""
    entry = _swapped.pop(slot, None)
    if entry is not None:
        entry[0].__code__ = entry[1]


_MISSING = object()


def _getattr_static(obj, name):
    """The attribute as stored (no descriptor call), like inspect.getattr_static."""
    if isinstance(obj, type):
        for klass in obj.__mro__:
            value = klass.__dict__.get(name, _MISSING)
            if value is not _MISSING:
                return value
        return None
    namespace = getattr(obj, "__dict__", None)
    if isinstance(namespace, dict) and name in namespace:
        return namespace[name]
    return None


def _lookup(namespace_get, qualname):
    """(container, attribute name, raw value) for a dotted qualname, or None."""
    parts = qualname.split(".")
    if "<locals>" in parts or "<lambda>" in parts[-1]:
        return None
    obj = namespace_get(parts[0])
    container = None
    for part in parts[1:]:
        if obj is None:
            return None
        container = obj
        obj = _getattr_static(obj, part)
    return container, parts[-1], obj


def _instrument_functions_in(namespace_get, path):
    """Instruments the targets defined in the file at `path`; True when none are left."""
    left = False
    for target in _functions_by_file.get(path, ()):
        slot = target["slot"]
        if slot in _done:
            continue
        if "<locals>" in target["qualname"].split("."):
            _mark(slot, NOT_INSTRUMENTED["nested"])
            continue
        found = _lookup(namespace_get, target["qualname"])
        fn = found[2] if found else None
        if isinstance(fn, (staticmethod, classmethod)):
            fn = fn.__func__
        if isinstance(fn, property):
            fn = fn.fget
        if not isinstance(fn, types.FunctionType):
            left = True
            continue
        _mark(slot, _instrument_function(fn, slot, _sites_by_function.get(slot, [])))
    return not left


def _mark_file(path):
    slot = _file_slots.get(path)
    if slot is not None and _done_states.get(slot) != INSTRUMENTED:
        _mark(slot, INSTRUMENTED)


def _instrument_module(module):
    path = _real(getattr(module, "__file__", "") or "")
    _mark_file(path)
    if path in _functions_by_file and _monitoring_tool is None:
        _instrument_functions_in(lambda name: module.__dict__.get(name), path)
        for target in _functions_by_file[path]:
            if target["slot"] not in _done:
                _mark(target["slot"], NOT_INSTRUMENTED["missing"])
    for callee in _callees_by_module.get(module.__name__, ()):
        _instrument_callee(module, callee)
    if module.__name__ == "multiprocessing.spawn":
        _hook_spawn_main(module)


def _instrument_callee(module, callee):
    slot = callee["slot"]
    if slot in _done:
        return
    found = _lookup(lambda name: module.__dict__.get(name), callee["attribute"])
    if not found or found[2] is None:
        return  # another split of the dotted name may match a module loaded later
    container, attribute, value = found
    if container is None:
        container = module
    sites = callee["sites"]
    if isinstance(value, types.FunctionType):
        _mark(slot, _instrument_function(value, slot, sites))
        return
    if isinstance(value, (staticmethod, classmethod, property)) or not callable(value):
        _mark(slot, NOT_INSTRUMENTED["immutable"])
        return
    probe = native.Probe(value, slot, sites)
    name = getattr(value, "__name__", attribute)
    qualname = getattr(value, "__qualname__", name)
    wrapper = types.FunctionType(_wrapper_code(None, probe, name, qualname),
                                 {"__name__": getattr(value, "__module__", None) or module.__name__},
                                 name)
    wrapper.__qualname__ = qualname
    wrapper.__doc__ = getattr(value, "__doc__", None)
    wrapper.__wrapped__ = value
    wrapper.__boundwise_original__ = value
    try:
        setattr(container, attribute, wrapper)
    except (TypeError, AttributeError):
        _mark(slot, NOT_INSTRUMENTED["immutable"])
        return
    _mark(slot, INSTRUMENTED)


def _hook_spawn_main(spawn):
    """multiprocessing's spawn/forkserver children run the parent's main script as __mp_main__;
    instrument it once it has run."""
    for name in ("_fixup_main_from_path", "_fixup_main_from_name"):
        original = getattr(spawn, name, None)
        if original is None or getattr(original, "__boundwise_original__", None):
            continue

        def fixup(*args, __original=original, **kwargs):
            result = __original(*args, **kwargs)
            main = sys.modules.get("__mp_main__")
            if main is not None:
                _instrument_module(main)
            return result

        fixup.__boundwise_original__ = original
        setattr(spawn, name, fixup)


class _LoaderProxy:
    """Delegates to the real loader and instruments the module once it has run."""

    def __init__(self, loader):
        self.__dict__["_loader"] = loader

    def __getattr__(self, name):
        return getattr(self._loader, name)

    def create_module(self, spec):
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create else None

    def exec_module(self, module):
        self._loader.exec_module(module)
        try:
            _instrument_module(module)
        except Exception as error:  # never break the program's import
            sys.stderr.write(f"boundwise: could not instrument {module.__name__}: {error}\n")


class _Finder:
    """Finds nothing itself: asks the finders after it and proxies the loader of the modules
    that hold targets."""

    def find_spec(self, fullname, path=None, target=None):
        interesting = fullname in _watched_modules
        if not interesting and not _file_slots:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module") and (
                    interesting or (spec.origin and _real(spec.origin) in _file_slots)):
                spec.loader = _LoaderProxy(spec.loader)
            return spec
        return None


def _main_module_progress(globals_dict, called_code=None):
    """Called by the native watch while __main__'s module code runs, at each new instruction
    of the module that calls something (`called_code`: the Python function it calls)."""
    path = _real(globals_dict.get("__file__") or "")
    _mark_file(path)
    if path not in _functions_by_file:
        return True
    finished = _instrument_functions_in(globals_dict.get, path)
    if called_code is not None:
        # The call that woke us up began before its probe existed: count it as missed.
        for target in _functions_by_file[path]:
            found = _lookup(globals_dict.get, target["qualname"])
            fn = found[2] if found else None
            original = getattr(fn, "__boundwise_original__", None)
            if original is not None and original.__code__ is called_code:
                native.add_missed_call(target["slot"])
    return finished


CAPTURE_LIMIT = 1 << 20  # pickled arguments of one call, at most


def _callable_ref(target):
    """How the replay process finds the callable: module, qualname, and the main script's path
    when it was defined there."""
    module = getattr(target, "__module__", None)
    if module is None and hasattr(target, "__objclass__"):
        module = target.__objclass__.__module__
    qualname = getattr(target, "__qualname__", None) or getattr(target, "__name__", None)
    if qualname and "." in qualname and module in sys.modules:
        # Extension functions can carry a qualname their module does not resolve (pybind11's
        # `PyCapsule.blur`): then the module attribute of the same name is the callable.
        found = sys.modules[module]
        for part in qualname.split("."):
            found = getattr(found, part, None)
        name = getattr(target, "__name__", None)
        if found is None and name and hasattr(sys.modules[module], name):
            qualname = name
    main_path = None
    if module in ("__main__", "__mp_main__"):
        main_path = getattr(sys.modules.get(module), "__file__", None)
        main_path = os.path.abspath(main_path) if main_path else None
    return module, qualname, main_path


def _capture(site, target, args, kwargs):
    """Writes the arguments of one call of a call site for --replay (capture-*.json + .pkl)."""
    import inspect

    module, qualname, main_path = _callable_ref(target)
    _write_capture(site, module, qualname, main_path, inspect.iscoroutinefunction(target), args, kwargs)


def _write_capture(site, module, qualname, main_path, coroutine, args, kwargs, error=None):
    import pickle

    stem = os.path.join(_config["out_dir"], f"capture-{site}-{os.getpid()}-{time.monotonic_ns()}")
    meta = {"site": site, "python": sys.executable, "module": module, "qualname": qualname,
            "main_path": main_path, "cwd": os.getcwd(), "sys_path": [p for p in sys.path if p != _HERE],
            "coroutine": coroutine}
    if error:
        meta["error"] = error
    else:
        try:
            data = pickle.dumps((tuple(args), dict(kwargs or {})), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # pickle raises many kinds
            meta["error"] = f"arguments cannot be pickled: {type(error).__name__}: {error}"
        else:
            if len(data) > CAPTURE_LIMIT:
                meta["error"] = f"arguments are {len(data)} bytes pickled (the cap is {CAPTURE_LIMIT} bytes)"
            else:
                with open(stem + ".pkl", "wb") as f:
                    f.write(data)
                meta["args_file"] = stem + ".pkl"
    with open(stem + ".json.tmp", "w", encoding="utf-8") as f:
        json.dump(meta, f)
    os.replace(stem + ".json.tmp", stem + ".json")


_CO_VARARGS, _CO_VARKEYWORDS, _CO_COROUTINE = 0x04, 0x08, 0x80
_CO_GENERATOR_LIKE = 0x20 | 0x200  # generator, async generator


def _capture_frame(site, frame):
    """--replay under sys.monitoring: at PY_START the frame's locals are exactly the call's
    parameters, so (args, kwargs) that bind the same way are rebuilt from them."""
    code = frame.f_code
    module = frame.f_globals.get("__name__")
    qualname = code.co_qualname
    main_path = None
    if module in ("__main__", "__mp_main__"):
        main_file = frame.f_globals.get("__file__")
        main_path = os.path.abspath(main_file) if main_file else None
    coroutine = bool(code.co_flags & _CO_COROUTINE)
    error = None
    if code.co_flags & _CO_GENERATOR_LIKE:
        error = "a generator: replaying the call would only create it"
    elif "<locals>" in qualname.split("."):
        error = "a nested function: the replay process cannot import it"
    args, kwargs = [], {}
    if error is None:
        local = frame.f_locals
        names = code.co_varnames
        positional, keyword_only = code.co_argcount, code.co_kwonlyargcount
        args = [local[name] for name in names[:positional]]
        kwargs = {name: local[name] for name in names[positional:positional + keyword_only]}
        rest = positional + keyword_only
        if code.co_flags & _CO_VARARGS:
            args.extend(local[names[rest]])
            rest += 1
        if code.co_flags & _CO_VARKEYWORDS:
            kwargs.update(local[names[rest]])
    _write_capture(site, module, qualname, main_path, coroutine, args, kwargs, error)


_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


_functions_by_qualname = {}  # (real path, qualname) -> [function target]
_awaited_sites_by_file = {}  # real path -> slots of `await f()` sites of user coroutine functions
_marked_files = set()


def _resolve_code(code, path):
    """sys.monitoring: the first PY_START of a code object from a file that holds targets.
    Returns the code's Probe when it is a target's, else None (the code is never seen again)."""
    if path not in _marked_files:
        # The file's code runs: its module was imported (or is the main script). Every target
        # in it is measured from now on; one that never runs is unexercised.
        _marked_files.add(path)
        _mark_file(path)
        for target in _functions_by_file.get(path, ()):
            if target["slot"] not in _done:
                _mark(target["slot"], INSTRUMENTED)
        for site_slot in _awaited_sites_by_file.get(path, ()):
            _mark(site_slot, INSTRUMENTED)  # `await f()`: timed from the coroutine's start to its end
    candidates = _functions_by_qualname.get((path, code.co_qualname))
    if not candidates or any(isinstance(c, native.Probe) for c in code.co_consts):
        return None  # not a target, or a callee probe's own wrapper
    target = candidates[0]
    if len(candidates) > 1:
        # Same qualname twice (a redefinition, a property's setter): the first whose `def` is
        # at or after the code's first line (decorators come first).
        later = [t for t in candidates if t["line"] >= code.co_firstlineno]
        target = min(later, key=lambda t: t["line"]) if later else candidates[-1]
    events = sys.monitoring.events
    local = events.PY_RETURN
    if code.co_flags & _CO_ASYNC_OR_GENERATOR:
        local |= events.PY_YIELD | events.PY_RESUME
    sys.monitoring.set_local_events(_monitoring_tool, code, local)
    return native.Probe(code, target["slot"], _sites_by_function.get(target["slot"], []))


# Tool ids tried in turn: not PROFILER_ID first, so cProfile (which claims it on 3.12+) keeps
# working in the measured program; DEBUGGER_ID and COVERAGE_ID are left to debuggers and
# coverage.py.
_TOOL_IDS = (4, 3, 5, 2)


def _start_monitoring():
    """Measures the target functions through sys.monitoring; False when it cannot."""
    global _monitoring_tool
    monitoring = sys.monitoring
    for tool in _TOOL_IDS:
        try:
            monitoring.use_tool_id(tool, "boundwise")
        except ValueError:
            continue
        break
    else:
        sys.stderr.write(f"boundwise: every sys.monitoring tool id is taken in process {os.getpid()}; "
                         "measuring functions by wrapping them instead (as on Python 3.11)\n")
        return False
    for target in _config["functions"]:
        _functions_by_qualname.setdefault((target["path"], target["qualname"]), []).append(target)
    for site in _config["sites"]:
        if site.get("awaited"):
            _awaited_sites_by_file.setdefault(site["path"], []).append(site["slot"])
    events = monitoring.events
    try:
        callbacks = {events.PY_START: native.monitor_py_start, events.PY_RESUME: native.monitor_py_resume,
                     events.PY_THROW: native.monitor_py_resume, events.PY_RETURN: native.monitor_py_return,
                     events.PY_UNWIND: native.monitor_py_unwind, events.PY_YIELD: native.monitor_py_yield}
        native.monitor_start(monitoring.DISABLE, _resolve_code, set(_file_slots) | set(_functions_by_file),
                             _capture_frame if _config.get("capture") else None)
        for event, callback in callbacks.items():
            monitoring.register_callback(tool, event, callback)
        _monitoring_tool = tool
        monitoring.set_events(tool, events.PY_START | events.PY_UNWIND | events.PY_THROW)
    except Exception as error:  # an extension from another build: measure the 3.11 way
        _monitoring_tool = None
        monitoring.free_tool_id(tool)
        sys.stderr.write(f"boundwise: sys.monitoring not used in process {os.getpid()} ({error}); "
                         "measuring functions by wrapping them instead (as on Python 3.11)\n")
        return False
    return True


def start():
    global _config
    if native is None:
        if "subinterpreters" in str(_native_error):
            # A sub-interpreter the program created: the process itself is measured in its main
            # interpreter; code run in sub-interpreters is not. Said once per process.
            marker = f"BOUNDWISE_SUBINTERPRETERS_NOTED_{os.getpid()}"
            if not os.environ.get(marker):
                os.environ[marker] = "1"
                sys.stderr.write(f"boundwise: code run in sub-interpreters is not measured (process "
                                 f"{os.getpid()}): the profiler's extension loads in the main interpreter only\n")
            return
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        built = os.environ.get("BOUNDWISE_PROFILE_PYTHONS", "")
        if sys.version_info < (3, 11):
            reason = f"boundwise profiles CPython 3.11 and later, this is {version} ({sys.executable})"
        elif getattr(_native_error, "name", None) == "_boundwise_native" and built:
            reason = (f"boundwise was built with its profiler extension for Python {built}, not {version} "
                      f"({sys.executable}); rebuild it with "
                      f"-DBOUNDWISE_RUNTIME_PYTHONS={sys.executable} (or with this python3 first on PATH)")
        else:
            reason = str(_native_error)
        sys.stderr.write(f"boundwise: profiler not loaded in process {os.getpid()} (Python {version}): {reason}\n")
        return
    with open(os.environ["BOUNDWISE_PROFILE_TARGETS"], encoding="utf-8") as f:
        _config = json.load(f)
    for entry in _config.get("files", ()):
        _file_slots[entry["path"]] = entry["slot"]
    for target in _config["functions"]:
        _functions_by_file.setdefault(target["path"], []).append(target)
    for site in _config["sites"]:
        if site.get("function_slot") is not None:
            _sites_by_function.setdefault(site["function_slot"], []).append(
                (site["path"], site["line"], site["slot"]))
    for callee in _config["callees"]:
        callee["sites"] = [(s["path"], s["line"], s["slot"]) for s in callee["sites"]]
        _callees_by_module.setdefault(callee["module"], []).append(callee)
    _watched_modules.update(_callees_by_module)
    _watched_modules.add("multiprocessing.spawn")
    native.set_file_resolver(_real)
    monitored = (hasattr(sys, "monitoring") and hasattr(native, "monitor_start")
                 and not os.environ.get("BOUNDWISE_NO_SYS_MONITORING") and _start_monitoring())
    _open_results()
    os.register_at_fork(after_in_child=_open_results)
    sys.meta_path.insert(0, _Finder())
    for name in list(_watched_modules):
        module = sys.modules.get(name)
        if module is not None:
            _instrument_module(module)
    native.set_retire_hook(_retire)
    if _config.get("capture"):
        native.set_capture_hook(_capture)
    if not monitored:
        native.watch_main_module(_main_module_progress)
