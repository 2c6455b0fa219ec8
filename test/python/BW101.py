# BW101 cpu-bound-work-in-threads: GIL-holding CPU work (cpu:python, cpu:native-gil) handed to threads.
#
# RUN: %boundwise check --select BW101 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# On a free-threaded build threads run bytecode in parallel: the cpu:python cases disappear,
# the cpu:native-gil ones (json, re) are still reported.
# RUN: %boundwise check --select BW101 --python-version 3.13 --free-threaded --exit-zero %s \
# RUN:   | %FileCheck %s --check-prefix=FT --implicit-check-not="[BW"
#
# On 3.14+ InterpreterPoolExecutor is recommended for cpu:python (not for native-gil work).
# RUN: %boundwise check --select BW101 --python-version 3.14 --exit-zero %s \
# RUN:   | %FileCheck %s --check-prefix=PY314
#
# RUN: %boundwise check --select BW101 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed dispatches below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW101.//' -e 's/# noqa[:] BW101//' %s > %t/BW101.py
# RUN: %boundwise check --select BW101 --python-version 3.12 --exit-zero %t/BW101.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
import hashlib
import json
import re
import threading
import time
import zlib
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import ThreadPoolExecutor as TPE
from multiprocessing.pool import ThreadPool

import numpy as np
import requests


# --- CPU-bound helpers -------------------------------------------------------------------


def checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def primes_below(limit):
    found = []
    for candidate in range(2, limit):
        for d in range(2, candidate):
            if candidate % d == 0:
                break
        else:
            found.append(candidate)
    return found


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def warm_table():
    table = 0
    for i in range(200_000):
        table += i * i
    return table


def pipeline(n):
    return checksum(n) ^ 0x5F3759DF


def parse_blobs(blobs):
    return [json.loads(b) for b in blobs]


def tokenize(texts):
    return [re.findall(r"\w+", t) for t in texts]


# --- I/O-bound and GIL-releasing helpers --------------------------------------------------


def fetch(url):
    return requests.get(url, timeout=10).text


def read_file(path):
    with open(path, "rb") as fh:
        return fh.read()


def poll(url, times):
    total = 0
    for i in range(times):
        total += len(requests.get(url, timeout=5).content)
        time.sleep(1)
    return total


def sha_of(blob):
    return hashlib.sha256(blob).hexdigest()


def pack(blob):
    return zlib.compress(blob, 9)


def matmul(a, b):
    return np.dot(a, b)


# --- dispatch -----------------------------------------------------------------------------


def crunch(sizes, limit):
    with ThreadPoolExecutor(max_workers=4) as pool:
        sums = list(pool.map(checksum, sizes))
# CHECK: BW101.py:[[@LINE-1]]:21: warning: `checksum` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `pool.map`: only one thread runs it at a time, so more threads add no speed [BW101]
# CHECK-NEXT: BW101.py:43:5: note: loop over range(n) with arithmetic
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: use concurrent.futures.ProcessPoolExecutor (same API), or multiprocessing.Pool
# PY314: BW101.py:[[@LINE-5]]:21: warning: `checksum` is CPU-bound (cpu:python
# PY314: = recommendation: interpreters
# PY314-NEXT: = help: use concurrent.futures.InterpreterPoolExecutor or ProcessPoolExecutor (same API)
# JSON: "findings": [
# JSON: "code": "BW101",
# JSON-NEXT: "name": "cpu-bound-work-in-threads",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW101.py",
# JSON-NEXT: "line": [[@LINE-13]],
# JSON-NEXT: "column": 21,
# JSON: "message": "`checksum` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `pool.map`
# JSON: "recommendation": "processes",
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW101.py",
# JSON-NEXT: "line": 43,
# JSON-NEXT: "message": "loop over range(n) with arithmetic"
        primes = pool.submit(primes_below, limit)
# CHECK: BW101.py:[[@LINE-1]]:18: warning: `primes_below` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `pool.submit`{{.*}} [BW101]
# CHECK-NEXT: note: nested loops over range(2, limit) and range(2, candidate) with arithmetic
        chained = pool.submit(pipeline, limit)
# CHECK: BW101.py:[[@LINE-1]]:19: warning: `pipeline` is CPU-bound (cpu:python, holds the GIL) {{.*}} [BW101]
# CHECK-NEXT: BW101.py:73:12: note: calls checksum ({{.*}}BW101.py:41)
# CHECK-NEXT: BW101.py:43:5: note: loop over range(n) with arithmetic
        again = pool.submit(checksum, 10**6)  # boundwise: ignore[BW101]
# UNSUP: BW101.py:[[@LINE-1]]:17: warning: `checksum` is CPU-bound {{.*}} [BW101]
    fibs = TPE(2).map(fib, [30, 31])
# CHECK: BW101.py:[[@LINE-1]]:12: warning: `fib` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `TPE(2).map`{{.*}} [BW101]
# CHECK-NEXT: note: fib is recursive and does arithmetic
    worker = threading.Thread(target=checksum, args=(10_000_000,), daemon=True)
# CHECK: BW101.py:[[@LINE-1]]:14: warning: `checksum` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `threading.Thread`{{.*}} [BW101]
    worker.start()
    side = threading.Thread(target=fib, args=(32,))  # noqa: BW101
# UNSUP: BW101.py:[[@LINE-1]]:12: warning: `fib` is CPU-bound {{.*}} [BW101]
    side.start()
    with ThreadPool(2) as tp:
        table = tp.apply_async(warm_table)
# CHECK: BW101.py:[[@LINE-1]]:17: warning: `warm_table` is CPU-bound (cpu:python, holds the GIL) and is run on threads by `tp.apply_async`{{.*}} [BW101]
# CHECK-NEXT: note: loop over range(200_000) with arithmetic (~200000 iterations)
    # The fix: the same work on processes is not BW101's business.
    with ProcessPoolExecutor() as procs:
        fixed = list(procs.map(checksum, sizes, chunksize=4))
    return sums, primes, chained, again, fibs, table, fixed


def decode(batches, texts):
    ex = futures.ThreadPoolExecutor()
    docs = list(ex.map(parse_blobs, batches))
# CHECK: BW101.py:[[@LINE-1]]:17: warning: `parse_blobs` is CPU-bound (cpu:native-gil, holds the GIL) and is run on threads by `ex.map`{{.*}} [BW101]
# CHECK-NEXT: note: json.loads: cpu:native-gil, holds the GIL (rule {{.*}}cpu_native.yaml:{{[0-9]+}}); the C decoder holds the GIL
# CHECK-NEXT: = recommendation: processes
# FT: BW101.py:[[@LINE-4]]:17: warning: `parse_blobs` is CPU-bound (cpu:native-gil, holds the GIL) {{.*}} [BW101]
# PY314: BW101.py:[[@LINE-5]]:17: warning: `parse_blobs` is CPU-bound (cpu:native-gil
# PY314: = recommendation: processes
    words = ex.submit(tokenize, texts)
# CHECK: BW101.py:[[@LINE-1]]:13: warning: `tokenize` is CPU-bound (cpu:native-gil, holds the GIL) {{.*}} [BW101]
# FT: BW101.py:[[@LINE-2]]:13: warning: `tokenize` is CPU-bound (cpu:native-gil, holds the GIL) {{.*}} [BW101]
    ex.shutdown()
    return docs, words


# --- negative cases: I/O and GIL-releasing native work belong on threads -------------------


def download_all(urls, paths, blobs, a, b):
    with ThreadPoolExecutor(max_workers=32) as pool:
        pages = list(pool.map(fetch, urls))
        files = list(pool.map(read_file, paths))
        polled = pool.submit(poll, urls[0], 10)
        digests = list(pool.map(sha_of, blobs))
        packed = [pool.submit(pack, blob) for blob in blobs]
        product = pool.submit(matmul, a, b)
    pinger = threading.Thread(target=fetch, args=(urls[0],))
    pinger.start()
    return pages, files, polled, digests, packed, product


if __name__ == "__main__":
    crunch([10_000_000] * 4, 50_000)
# CHECK: Found 8 findings (0 errors, 8 warnings, 0 info) in 1 file.
# FT: Found 2 findings (0 errors, 2 warnings, 0 info) in 1 file.
# UNSUP: Found 10 findings
