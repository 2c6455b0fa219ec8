"""Replays the captured calls of one call site on each executor and prints the scaling table.

    python -m boundwise_runtime.replay --workers 1,2,4 --budget 8 CAPTURE.json...

`boundwise profile --replay` runs this in a separate process (the user's program is never
touched): the same total work - the captured calls, cycled into tasks - runs sequentially, then
on N threads, N processes, asyncio (to_thread for a sync callable, gather for a coroutine
function) and, where the Python has them (3.12+), sub-interpreters with their own GIL, one per
worker thread. Each configuration is repeated until its median is stable. Prints one JSON
object: {"rows": [...], "notes": [...]} or {"error": ...}.
"""
import argparse
import asyncio
import concurrent.futures
import importlib
import json
import itertools
import math
import multiprocessing
import os
import pickle
import re
import statistics
import sys
import threading
import time

from boundwise_runtime import replay_interpreter

TASK_SECONDS = 0.02      # calls are grouped so a task takes at least this long
SEQUENTIAL_SECONDS = 0.3  # and there are enough tasks for the sequential run to take this long
MIN_REPEATS, MAX_REPEATS, STABLE_SPREAD = 3, 7, 0.10

_function = None
_calls = []
_chunk = 1


def _run_task(index):
    args, kwargs = _calls[index % len(_calls)]
    for _ in range(_chunk):
        _function(*args, **kwargs)


async def _run_task_async(index):
    args, kwargs = _calls[index % len(_calls)]
    for _ in range(_chunk):
        await _function(*args, **kwargs)


def _noop(_):
    return os.getpid()


class _InterpreterFailed(Exception):
    pass


def _interpreters_api():
    """The low-level sub-interpreter module of this Python, or the reason there is none."""
    if sys.version_info < (3, 12):
        return None, f"not available on Python {sys.version_info[0]}.{sys.version_info[1]} (3.12+)"
    for name in ("_interpreters", "_xxsubinterpreters"):  # 3.13+, 3.12
        try:
            return importlib.import_module(name), None
        except ImportError:
            pass
    return None, "this Python was built without them"


def _run_in(api, interpreter, code):
    """Runs `code` in the sub-interpreter; an exception there becomes _InterpreterFailed("Type: message")."""
    if hasattr(api, "exec"):  # 3.13+: returns a snapshot of the exception
        failure = api.exec(interpreter, code)
        if failure is not None:
            raise _InterpreterFailed(failure.formatted)
    else:  # 3.12: raises RunFailedError("<class 'ImportError'>: message")
        try:
            api.run_string(interpreter, code)
        except api.RunFailedError as error:
            raise _InterpreterFailed(re.sub(r"^<class '(?:builtins\.)?([\w.]+)'>", r"\1", str(error))) from None


def _start_interpreters(api, count, meta, args_files, calls):
    """Creates `count` isolated sub-interpreters (each with its own GIL), loads the target and
    its captured arguments in each and runs every captured call once in the first. Returns
    (interpreters, None) or ([], why they cannot replay it)."""
    interpreters = []
    setup = (f"import sys; sys.path[:] = {list(sys.path)!r}\n"
             f"from boundwise_runtime import replay_interpreter\n"
             f"replay_interpreter.setup({meta!r}, {list(args_files)!r}, {_chunk!r})\n"
             f"del replay_interpreter")
    try:
        for _ in range(count):
            # Isolated: its own GIL, and extensions must support several interpreters.
            if hasattr(api, "new_config"):  # 3.13+
                interpreters.append(api.create(api.new_config("isolated")))
            else:  # 3.12
                interpreters.append(api.create(isolated=True))
            _run_in(api, interpreters[-1], setup)
    except _InterpreterFailed as error:
        _stop_interpreters(api, interpreters)
        return [], f"not replayed: {_target_name(meta)} cannot be loaded in a sub-interpreter: {_last_line(error)}"
    except Exception as error:  # create() itself failed
        _stop_interpreters(api, interpreters)
        return [], f"not replayed: cannot create a sub-interpreter: {type(error).__name__}: {error}"
    try:
        for i in range(len(calls)):
            _run_in(api, interpreters[0], _TASK_CODE.format(i))
    except _InterpreterFailed as error:
        _stop_interpreters(api, interpreters)
        return [], f"not replayed: the captured call raised in a sub-interpreter: {_last_line(error)}"
    return interpreters, None


def _stop_interpreters(api, interpreters):
    for interpreter in interpreters:
        try:
            api.destroy(interpreter)
        except Exception:
            pass


def _target_name(meta):
    return f"{meta['module']}.{meta['qualname']}" if not meta.get("main_path") else \
        f"{os.path.basename(meta['main_path'])} ({meta['qualname']})"


def _last_line(error):
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


# Binds no name in the interpreter's __main__ (which may be the program's main script there).
_TASK_CODE = "__import__('sys').modules['boundwise_runtime.replay_interpreter'].run({})"


def _on_interpreters(api, interpreters, tasks):
    """The tasks on len(interpreters) threads, each running its share in the sub-interpreter it
    owns; like a pool, a thread takes the next task when it is done with one."""
    def run():
        next_task = itertools.count()  # next() is atomic under the replay process's GIL
        failures = []

        def worker(interpreter):
            try:
                for index in next_task:
                    if index >= tasks:
                        return
                    _run_in(api, interpreter, _TASK_CODE.format(index))
            except _InterpreterFailed as error:
                failures.append(error)
            except Exception as error:  # from the interpreter module itself
                failures.append(_InterpreterFailed(f"{type(error).__name__}: {error}"))

        threads = [threading.Thread(target=worker, args=(interpreter,)) for interpreter in interpreters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
    return run


def _stable(samples):
    last = samples[-MIN_REPEATS:]
    median = statistics.median(last)
    return median <= 0 or (max(last) - min(last)) / median <= STABLE_SPREAD


def _sequential(tasks, coroutine):
    if coroutine:
        async def run():
            for i in range(tasks):
                await _run_task_async(i)
        return lambda: asyncio.run(run())
    return lambda: [_run_task(i) for i in range(tasks)]


def _asyncio(tasks, workers, coroutine):
    async def run():
        limit = asyncio.Semaphore(workers)

        async def one(i):
            async with limit:
                if coroutine:
                    await _run_task_async(i)
                else:
                    await asyncio.to_thread(_run_task, i)

        await asyncio.gather(*(one(i) for i in range(tasks)))
    return lambda: asyncio.run(run())


def main(argv=None):
    global _function, _calls, _chunk
    parser = argparse.ArgumentParser(prog="boundwise_runtime.replay")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds this site may take")
    parser.add_argument("captures", nargs="+")
    options = parser.parse_args(argv)
    workers = sorted({int(w) for w in options.workers.split(",")})

    metas = []
    for path in options.captures:
        with open(path, encoding="utf-8") as f:
            metas.append(json.load(f))
    usable = [m for m in metas if "args_file" in m]
    if not usable:
        print(json.dumps({"error": metas[0].get("error", "no call could be captured")}))
        return 0
    first = usable[0]
    os.chdir(first["cwd"])
    for path in reversed(first["sys_path"]):
        if path not in sys.path:
            sys.path.insert(0, path)
    try:
        _function = replay_interpreter.resolve(first)
    except Exception as error:
        print(json.dumps({"error": f"cannot load {first['module']}.{first['qualname']}: {error}"}))
        return 0
    for meta in usable:
        with open(meta["args_file"], "rb") as f:
            _calls.append(pickle.loads(f.read()))
    coroutine = bool(first.get("coroutine"))

    # One warm-up pass over the captured calls gives the cost of a call.
    start = time.perf_counter()
    try:
        for i in range(len(_calls)):
            (asyncio.run(_run_task_async(i)) if coroutine else _run_task(i))
    except Exception as error:  # the program's state the call relied on is gone
        print(json.dumps({"error": f"the captured call raised {type(error).__name__} when replayed: {error}"}))
        return 0
    per_call = max((time.perf_counter() - start) / len(_calls), 1e-7)
    _chunk = max(1, math.ceil(TASK_SECONDS / per_call))
    tasks = max(2 * max(workers), math.ceil(SEQUENTIAL_SECONDS / (_chunk * per_call)))
    tasks = max(workers) * math.ceil(tasks / max(workers))  # every worker gets the same share
    api, no_interpreters = _interpreters_api()
    if coroutine:
        api, no_interpreters = None, None  # the coroutine note says why
    modes = 1 + (3 if api is None else 4) * len(workers)
    warm_up = 0 if per_call * _chunk >= 0.1 else 1
    estimate = tasks * _chunk * per_call * modes * (MIN_REPEATS + warm_up)
    notes = []
    if estimate > options.budget:
        tasks = max(workers) * max(1, int(options.budget / (max(workers) * _chunk * per_call * modes * MIN_REPEATS)))
        estimate = tasks * _chunk * per_call * modes * (MIN_REPEATS + 1)
    if estimate > options.budget:
        print(json.dumps({"error": f"a call takes {per_call:.2f} s: the replay would take about "
                                   f"{estimate:.0f} s, over its budget of {options.budget:.0f} s"}))
        return 0
    notes.append(f"{tasks} tasks of {_chunk} call{'s' if _chunk > 1 else ''} each "
                 f"({len(_calls)} captured call{'s' if len(_calls) > 1 else ''})")

    # Every configuration runs once per round, rounds repeat until each median is stable: noise
    # from the rest of the machine falls on all of them alike. Round 0 warms up and is dropped.
    configs = [("sequential", 1, _sequential(tasks, coroutine))]
    pools = []
    if not coroutine:
        for n in workers:
            pool = concurrent.futures.ThreadPoolExecutor(n)
            pools.append(pool)
            configs.append(("threads", n, lambda pool=pool: list(pool.map(_run_task, range(tasks)))))
        context = multiprocessing.get_context("fork")
        for n in workers:
            pool = concurrent.futures.ProcessPoolExecutor(n, mp_context=context)
            list(pool.map(_noop, range(n)))  # start the workers before timing
            pools.append(pool)
            configs.append(("processes", n, lambda pool=pool: list(pool.map(_run_task, range(tasks)))))
    for n in workers:
        configs.append(("async", n, _asyncio(tasks, n, coroutine)))
    interpreters = []
    if api is not None:
        # After the process pools have forked: no sub-interpreter exists in their workers.
        interpreters, no_interpreters = _start_interpreters(
            api, max(workers), first, [m["args_file"] for m in usable], _calls)
        for n in workers if interpreters else []:
            configs.append(("interpreters", n, _on_interpreters(api, interpreters[:n], tasks)))
    samples = [[] for _ in configs]
    dropped = set()  # modes whose runs failed (sub-interpreters only: the others ran every call)
    # Long calls need no warm-up round: the first call of each configuration is a small part.
    first_round = 1 if per_call * _chunk >= 0.1 else 0
    for round_number in range(first_round, MAX_REPEATS + 1):
        # Each round starts at another configuration, so none is always the one that runs
        # right after the process pools or the event loops.
        shift = round_number % len(configs)
        for index in list(range(shift, len(configs))) + list(range(shift)):
            mode, _, run = configs[index]
            if mode in dropped:
                continue
            start = time.perf_counter()
            try:
                run()
            except _InterpreterFailed as error:  # every captured call ran there once already
                dropped.add(mode)
                no_interpreters = f"not replayed: a call raised in a sub-interpreter: {_last_line(error)}"
                continue
            if round_number > 0:
                samples[index].append(time.perf_counter() - start)
        if round_number >= MIN_REPEATS and all(_stable(s) for (mode, _, _), s in zip(configs, samples)
                                               if mode not in dropped):
            break
    for pool in pools:
        pool.shutdown()
    _stop_interpreters(api, interpreters)
    rows = [{"mode": mode, "workers": n, "seconds": statistics.median(s)}
            for (mode, n, _), s in zip(configs, samples) if mode not in dropped]
    sequential = rows[0]["seconds"]
    if coroutine:
        notes.append("coroutine function: replayed with asyncio.gather only")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    reliable = load <= cores
    if not reliable:
        notes.append(f"the machine was busy (load {load:.1f} on {cores} cores): other processes took "
                     f"cores from every configuration, so these speedups are unreliable")
    if no_interpreters:
        notes.append(f"sub-interpreters: {no_interpreters}")
    for row in rows:
        row["speedup"] = sequential / row["seconds"] if row["seconds"] > 0 else 0.0
    print(json.dumps({"rows": rows, "notes": notes, "reliable": reliable}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
