# BW103 cpu-bound-work-in-default-executor: asyncio.to_thread / run_in_executor(None, ...) given
# GIL-holding CPU work.
#
# RUN: %boundwise check --select BW103 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# RUN: %boundwise check --select BW103 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed dispatches below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW103.//' -e 's/# noqa[:] BW103//' %s > %t/BW103.py
# RUN: %boundwise check --select BW103 --python-version 3.12 --exit-zero %t/BW103.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
import asyncio
import functools
import hashlib
import json
from asyncio import to_thread
from concurrent.futures import ProcessPoolExecutor

import requests


# --- CPU-bound helpers --------------------------------------------------------------------


def render_report(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def decode_all(blobs):
    return [json.loads(b) for b in blobs]


def summarize(n):
    return render_report(n) // 2


# --- I/O-bound and GIL-releasing helpers --------------------------------------------------


def fetch(url):
    return requests.get(url, timeout=10).text


def read_config(path):
    with open(path) as fh:
        return fh.read()


def derive_key(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)


# --- handlers -----------------------------------------------------------------------------


async def report(request, blobs):
    loop = asyncio.get_running_loop()
    a = await asyncio.to_thread(render_report, 10**7)
# CHECK: BW103.py:[[@LINE-1]]:15: warning: `render_report` is CPU-bound (cpu:python, holds the GIL) and `asyncio.to_thread` runs it on the default thread pool: it competes with the event loop for the GIL and gains no parallelism [BW103]
# CHECK-NEXT: BW103.py:30:5: note: loop over range(n) with arithmetic
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: await loop.run_in_executor(process_pool, func, ...) with a concurrent.futures.ProcessPoolExecutor
# JSON: "findings": [
# JSON: "code": "BW103",
# JSON-NEXT: "name": "cpu-bound-work-in-default-executor",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW103.py",
# JSON-NEXT: "line": [[@LINE-10]],
# JSON-NEXT: "column": 15,
# JSON: "message": "`render_report` is CPU-bound (cpu:python, holds the GIL) and `asyncio.to_thread` runs it on the default thread pool
# JSON: "workload": "cpu",
# JSON-NEXT: "recommendation": "processes",
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW103.py",
# JSON-NEXT: "line": 30,
# JSON-NEXT: "message": "loop over range(n) with arithmetic"
    b = await loop.run_in_executor(None, fib, 32)
# CHECK: BW103.py:[[@LINE-1]]:15: warning: `fib` is CPU-bound (cpu:python, holds the GIL) and `loop.run_in_executor` runs it on the default thread pool{{.*}} [BW103]
# CHECK-NEXT: note: fib is recursive and does arithmetic
    c = await to_thread(decode_all, blobs)
# CHECK: BW103.py:[[@LINE-1]]:15: warning: `decode_all` is CPU-bound (cpu:native-gil, holds the GIL) and `to_thread` runs it on the default thread pool{{.*}} [BW103]
# CHECK-NEXT: note: json.loads: cpu:native-gil, holds the GIL
    d = await asyncio.get_running_loop().run_in_executor(None, functools.partial(render_report, 10**6))
# CHECK: BW103.py:[[@LINE-1]]:15: warning: `render_report` is CPU-bound (cpu:python, holds the GIL) and `asyncio.get_running_loop().run_in_executor` runs it{{.*}} [BW103]
    e = await asyncio.to_thread(lambda: render_report(10**7))
# CHECK: BW103.py:[[@LINE-1]]:15: warning: a lambda is CPU-bound (cpu:python, holds the GIL) and `asyncio.to_thread` runs it{{.*}} [BW103]
    f = await asyncio.get_event_loop().run_in_executor(None, summarize, 10**7)
# CHECK: BW103.py:[[@LINE-1]]:15: warning: `summarize` is CPU-bound (cpu:python, holds the GIL) {{.*}} [BW103]
# CHECK-NEXT: BW103.py:46:12: note: calls render_report (
# CHECK-NEXT: BW103.py:30:5: note: loop over range(n) with arithmetic
    g = await asyncio.to_thread(fib, 25)  # noqa: BW103
# UNSUP: BW103.py:[[@LINE-1]]:15: warning: `fib` is CPU-bound {{.*}} [BW103]
    h = await loop.run_in_executor(None, decode_all, blobs)  # boundwise: ignore[BW103]
# UNSUP: BW103.py:[[@LINE-1]]:15: warning: `decode_all` is CPU-bound {{.*}} [BW103]
    return a, b, c, d, e, f, g, h


# --- negative cases -----------------------------------------------------------------------


async def proxy(url, password, salt):
    # Blocking I/O and GIL-releasing native work are what to_thread is for.
    page = await asyncio.to_thread(fetch, url)
    config = await asyncio.get_running_loop().run_in_executor(None, read_config, "app.toml")
    key = await to_thread(derive_key, password, salt)
    return page, config, key


async def report_fixed(pool, n):
    # The fix: CPU work goes to a process pool.
    loop = asyncio.get_running_loop()
    a = await loop.run_in_executor(pool, render_report, n)
    with ProcessPoolExecutor() as local_pool:
        b = await loop.run_in_executor(local_pool, fib, 32)
        c = await loop.run_in_executor(local_pool, decode_all, [b"{}"])
    return a, b, c


async def serve():
    with ProcessPoolExecutor() as pool:
        await report_fixed(pool, 10**7)


if __name__ == "__main__":
    asyncio.run(serve())
# CHECK: Found 6 findings (0 errors, 6 warnings, 0 info) in 1 file.
# UNSUP: Found 8 findings
