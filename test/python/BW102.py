# BW102 io-bound-work-in-processes: I/O-bound callables handed to process pools / Process.
#
# RUN: %boundwise check --select BW102 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# RUN: %boundwise check --select BW102 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed dispatches below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW102.//' -e 's/# noqa[:] BW102//' %s > %t/BW102.py
# RUN: %boundwise check --select BW102 --python-version 3.12 --exit-zero %t/BW102.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
import concurrent.futures as cf
import functools
import json
import multiprocessing
import sqlite3
import subprocess
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, Process

import requests


# --- I/O-bound helpers --------------------------------------------------------------------


def fetch(url, timeout=10):
    return requests.get(url, timeout=timeout).text


def download(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()


def count_rows(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def transcode(path):
    subprocess.run(["ffmpeg", "-i", path, path + ".mp4"], check=True)


def load_text(path):
    with open(path) as fh:
        return fh.read()


def heartbeat():
    while True:
        time.sleep(30)


def get_page(url):
    return fetch(url)


# --- CPU-bound helpers (what processes are for) --------------------------------------------


def checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def mandelbrot_row(y, width, max_iter):
    row = []
    for x in range(width):
        c = complex(-2 + 3 * x / width, -1 + 2 * y / width)
        z = 0
        for k in range(max_iter):
            z = z * z + c
            if abs(z) > 2:
                break
        row.append(k)
    return row


def decode_all(blobs):
    return [json.loads(b) for b in blobs]


def load_and_score(path, n):
    # Reads one file, then does far more arithmetic than I/O: mixed, processes may be right.
    with open(path) as fh:
        data = fh.read()
    total = 0
    for i in range(n):
        for j in range(n):
            total += (i * j) % 7
    return total, data


# --- dispatch -----------------------------------------------------------------------------


def crawl(urls):
    with ProcessPoolExecutor() as pool:
        pages = list(pool.map(fetch, urls))
# CHECK: BW102.py:[[@LINE-1]]:22: warning: `fetch` is I/O-bound (io:network) and is run in processes by `pool.map`: it mostly waits with the GIL released, which threads do as well without process start-up and pickling [BW102]
# CHECK-NEXT: BW102.py:32:12: note: requests.get: io:network (rule {{.*}}http_clients.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: threads
# CHECK-NEXT: = help: use concurrent.futures.ThreadPoolExecutor (same API), or asyncio for many concurrent waits
# JSON: "findings": [
# JSON: "code": "BW102",
# JSON-NEXT: "name": "io-bound-work-in-processes",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW102.py",
# JSON-NEXT: "line": [[@LINE-10]],
# JSON-NEXT: "column": 22,
# JSON: "message": "`fetch` is I/O-bound (io:network) and is run in processes by `pool.map`
# JSON: "workload": "io",
# JSON-NEXT: "recommendation": "threads",
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW102.py",
# JSON-NEXT: "line": 32,
# JSON-NEXT: "message": "requests.get: io:network
        blobs = [pool.submit(download, u) for u in urls]
# CHECK: BW102.py:[[@LINE-1]]:18: warning: `download` is I/O-bound (io:network) and is run in processes by `pool.submit`{{.*}} [BW102]
# CHECK-NEXT: note: urllib.request.urlopen: io:network
        more = list(pool.map(functools.partial(fetch, timeout=3), urls))
# CHECK: BW102.py:[[@LINE-1]]:21: warning: `fetch` is I/O-bound (io:network) and is run in processes by `pool.map`{{.*}} [BW102]
        again = pool.submit(get_page, urls[0])  # noqa: BW102
# UNSUP: BW102.py:[[@LINE-1]]:17: warning: `get_page` is I/O-bound (io:network) {{.*}} [BW102]
    return pages, blobs, more, again


def nightly(dbs, videos, urls):
    with Pool(4) as mp:
        counts = mp.map(count_rows, dbs)
# CHECK: BW102.py:[[@LINE-1]]:18: warning: `count_rows` is I/O-bound (io:db) and is run in processes by `mp.map`{{.*}} [BW102]
# CHECK-NEXT: note: sqlite3.connect: io:db
        job = mp.apply_async(transcode, (videos[0],))
# CHECK: BW102.py:[[@LINE-1]]:15: warning: `transcode` is I/O-bound (io:subprocess) and is run in processes by `mp.apply_async`{{.*}} [BW102]
        pages = list(mp.imap(get_page, urls))
# CHECK: BW102.py:[[@LINE-1]]:22: warning: `get_page` is I/O-bound (io:network) and is run in processes by `mp.imap`{{.*}} [BW102]
# CHECK-NEXT: BW102.py:63:12: note: calls fetch (
# CHECK-NEXT: BW102.py:32:12: note: requests.get: io:network
        texts = mp.map(load_text, videos)  # boundwise: ignore[BW102]
# UNSUP: BW102.py:[[@LINE-1]]:17: warning: `load_text` is I/O-bound (io:disk) {{.*}} [BW102]
    # A process that only sleeps or waits on a queue coordinates; it is not I/O work to move.
    beat = Process(target=heartbeat, daemon=True)
    beat.start()
    ctx = multiprocessing.get_context("spawn")
    loader = ctx.Process(target=load_text, args=(videos[0],))
# CHECK: BW102.py:[[@LINE-1]]:14: warning: `load_text` is I/O-bound (io:disk) and is run in processes by `ctx.Process`{{.*}} [BW102]
    loader.start()
    return counts, job, pages, texts


# --- negative cases: CPU work in processes ------------------------------------------------


def render(sizes, blobs, paths, rows):
    executor = cf.ProcessPoolExecutor(max_workers=4)
    sums = list(executor.map(checksum, sizes, chunksize=4))
    image = [executor.submit(mandelbrot_row, y, 800, 255) for y in range(600)]
    docs = executor.submit(decode_all, blobs)
    scored = executor.submit(load_and_score, paths[0], 2_000)
    executor.shutdown()
    with Pool() as mp:
        more = mp.map(checksum, sizes)
        rows = mp.starmap(mandelbrot_row, [(y, 800, 255) for y in range(600)])
    worker = multiprocessing.Process(target=checksum, args=(10**8,))
    worker.start()
    return sums, image, docs, scored, more, rows


if __name__ == "__main__":
    crawl(["https://example.com"])
# CHECK: Found 7 findings (0 errors, 7 warnings, 0 info) in 1 file.
# UNSUP: Found 9 findings
