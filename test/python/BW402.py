# BW402 unpicklable-callable-to-processes: lambdas, nested functions and local classes sent to
# worker processes.
#
# RUN: %boundwise check --select BW402 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# RUN: %boundwise check --select BW402 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed dispatches below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW402.//' -e 's/# noqa[:] BW402//' %s > %t/BW402.py
# RUN: %boundwise check --select BW402 --python-version 3.12 --exit-zero %t/BW402.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from multiprocessing import Pool, Process

negate = lambda x: -x


def scale(x, factor):
    return x * factor


def square(x):
    return x * x


def report(path):
    print(path)


class Scaler:
    def __init__(self, k):
        self.k = k

    def apply(self, x):
        return x * self.k

    @staticmethod
    def twice(x):
        return 2 * x


def resize_all(items, factor, paths):
    def scaled(x):
        return x * factor

    class Job:
        def run(self, x):
            return x - 1

    double = lambda x: x * 2

    with ProcessPoolExecutor() as pool:
        a = list(pool.map(lambda x: x * factor, items))
# CHECK: BW402.py:[[@LINE-1]]:18: error: a lambda is sent to worker processes by `pool.map`; pickle sends a function by its module-level name, which this one does not have, so the pool fails with a PicklingError [BW402]
# CHECK-NEXT: BW402.py:[[@LINE-2]]:27: note: defined here
# CHECK-NEXT: = help: define the function at module level (functools.partial of a module-level function also pickles)
# JSON: "findings": [
# JSON: "code": "BW402",
# JSON-NEXT: "name": "unpicklable-callable-to-processes",
# JSON-NEXT: "severity": "error",
# JSON-NEXT: "path": "{{.*}}BW402.py",
# JSON-NEXT: "line": [[@LINE-9]],
# JSON-NEXT: "column": 18,
# JSON: "message": "a lambda is sent to worker processes by `pool.map`
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW402.py",
# JSON-NEXT: "line": [[@LINE-15]],
# JSON-NEXT: "message": "defined here"
        b = pool.submit(scaled, items[0])
# CHECK: BW402.py:[[@LINE-1]]:13: error: `resize_all.<locals>.scaled`, a function defined inside another function, is sent to worker processes by `pool.submit`{{.*}} [BW402]
# CHECK-NEXT: BW402.py:49:5: note: defined here
        c = list(pool.map(double, items))
# CHECK: BW402.py:[[@LINE-1]]:18: error: a lambda is sent to worker processes by `pool.map`{{.*}} [BW402]
# CHECK-NEXT: BW402.py:56:14: note: defined here
        d = list(pool.map(partial(scaled), items))
# CHECK: BW402.py:[[@LINE-1]]:18: error: `resize_all.<locals>.scaled`, a function defined inside another function, is sent to worker processes by `pool.map`{{.*}} [BW402]
        e = pool.submit(Job().run, items[0])
# CHECK: BW402.py:[[@LINE-1]]:13: error: `resize_all.<locals>.Job.run`{{.*}} is sent to worker processes by `pool.submit`{{.*}} [BW402]
        f = list(pool.map(negate, items))
# CHECK: BW402.py:[[@LINE-1]]:18: error: a lambda is sent to worker processes by `pool.map`{{.*}} [BW402]
# CHECK-NEXT: BW402.py:21:10: note: defined here
    with Pool(4) as mp:
        g = mp.map(lambda x: x + 1, items)
# CHECK: BW402.py:[[@LINE-1]]:13: error: a lambda is sent to worker processes by `mp.map`{{.*}} [BW402]
        h = mp.imap_unordered(scaled, items)
# CHECK: BW402.py:[[@LINE-1]]:13: error: `resize_all.<locals>.scaled`, a function defined inside another function, is sent to worker processes by `mp.imap_unordered`{{.*}} [BW402]
        i = mp.apply_async(double, (items[0],))
# CHECK: BW402.py:[[@LINE-1]]:13: error: a lambda is sent to worker processes by `mp.apply_async`{{.*}} [BW402]
        j = mp.map(double, items)  # boundwise: ignore[BW402]
# UNSUP: BW402.py:[[@LINE-1]]:13: error: a lambda is sent to worker processes by `mp.map`{{.*}} [BW402]
    p = Process(target=lambda: report(paths[0]))
# CHECK: BW402.py:[[@LINE-1]]:9: error: a lambda is sent to worker processes by `Process`{{.*}} [BW402]
    p.start()
    q = multiprocessing.Process(target=scaled, args=(3,))
# CHECK: BW402.py:[[@LINE-1]]:9: error: `resize_all.<locals>.scaled`, a function defined inside another function, is sent to worker processes by `multiprocessing.Process`{{.*}} [BW402]
    q.start()
    ctx = multiprocessing.get_context("fork")
    r = ctx.Process(target=scaled, args=(4,))  # noqa: BW402
# UNSUP: BW402.py:[[@LINE-1]]:9: error: `resize_all.<locals>.scaled`, a function defined inside another function, is sent to worker processes by `ctx.Process`{{.*}} [BW402]
    r.start()
    return a, b, c, d, e, f, g, h, i, j


# --- negative cases: picklable callables to processes, or anything to threads --------------


def resize_all_fixed(items, factor, paths):
    with ProcessPoolExecutor() as pool:
        a = list(pool.map(square, items))
        b = list(pool.map(partial(scale, factor=factor), items))
        c = pool.submit(functools.partial(scale, factor=3), items[0])
        d = list(pool.map(Scaler(3).apply, items))
        e = list(pool.map(Scaler.twice, items))
    with Pool(4) as mp:
        f = mp.starmap(scale, [(x, factor) for x in items])
        g = mp.apply_async(report, (paths[0],))
    proc = Process(target=report, args=(paths[0],))
    proc.start()
    return a, b, c, d, e, f, g


def on_threads(items, factor):
    # Threads never pickle: lambdas and closures are fine there.
    def scaled(x):
        return x * factor

    double = lambda x: x * 2
    with ThreadPoolExecutor() as tpool:
        a = list(tpool.map(lambda x: x * factor, items))
        b = tpool.submit(scaled, items[0])
        c = list(tpool.map(double, items))
    return a, b, c


if __name__ == "__main__":
    resize_all_fixed([1, 2, 3], 2, ["a.txt"])
# CHECK: Found 11 findings (11 errors, 0 warnings, 0 info) in 1 file.
# UNSUP: Found 13 findings
