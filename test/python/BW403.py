# BW403 large-payload-to-processes: one pickled task per item (no chunksize), or a big object
# pickled with every task.
#
# RUN: %boundwise check --select BW403 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# RUN: %boundwise check --select BW403 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed dispatches below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW403.//' -e 's/# noqa[:] BW403//' %s > %t/BW403.py
# RUN: %boundwise check --select BW403 --python-version 3.12 --exit-zero %t/BW403.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import Pool

BLOB = b"x" * 50_000_000


def score(i):
    return (i * 2654435761) % 97


def checksum(data, index):
    return data[index]


def checksum_file(path, index):
    with open(path, "rb") as fh:
        fh.seek(index)
        return fh.read(1)


# --- many items, one task each ------------------------------------------------------------


def score_all():
    quick = list(ProcessPoolExecutor().map(score, range(100_000)))
# CHECK: BW403.py:[[@LINE-1]]:18: warning: `ProcessPoolExecutor().map` sends 100000 items one task each (chunksize defaults to 1): each item is pickled and sent separately, and the overhead can exceed the work [BW403]
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: pass chunksize=max(1, n // (4 * workers)) so each task carries a batch
# JSON: "findings": [
# JSON: "code": "BW403",
# JSON-NEXT: "name": "large-payload-to-processes",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW403.py",
# JSON-NEXT: "line": [[@LINE-9]],
# JSON-NEXT: "column": 18,
# JSON: "message": "`ProcessPoolExecutor().map` sends 100000 items one task each (chunksize defaults to 1)
# JSON: "recommendation": "processes",
# JSON-NEXT: "help": "pass chunksize=max(1, n // (4 * workers)) so each task carries a batch",
    with ProcessPoolExecutor() as pool:
        scores = list(pool.map(score, range(100_000)))
# CHECK: BW403.py:[[@LINE-1]]:23: warning: `pool.map` sends 100000 items one task each{{.*}} [BW403]
        batched = list(pool.map(score, range(100_000), chunksize=2_000))
        few = list(pool.map(score, range(500)))
        again = list(pool.map(score, range(20_000)))  # noqa: BW403
# UNSUP: BW403.py:[[@LINE-1]]:22: warning: `pool.map` sends 20000 items one task each{{.*}} [BW403]
    with Pool(4) as mp:
        auto = mp.map(score, range(100_000))
        pairs = mp.starmap(checksum, [(b"abc", i) for i in range(10)])
        lazy = list(mp.imap(score, range(100_000)))
# CHECK: BW403.py:[[@LINE-1]]:21: warning: `mp.imap` sends 100000 items one task each{{.*}} [BW403]
        lazy_batched = list(mp.imap(score, range(100_000), chunksize=1_000))
        unordered = list(mp.imap_unordered(score, range(50_000)))
# CHECK: BW403.py:[[@LINE-1]]:26: warning: `mp.imap_unordered` sends 50000 items one task each{{.*}} [BW403]
    with ThreadPoolExecutor() as tpool:
        # Threads do not pickle: chunksize does not matter there.
        threaded = list(tpool.map(score, range(100_000)))
    return quick, scores, batched, few, again, auto, pairs, lazy, lazy_batched, unordered, threaded


# --- big arguments pickled per task -------------------------------------------------------


def scan(path):
    with ProcessPoolExecutor() as pool:
        a = [pool.submit(checksum, b"x" * 50_000_000, i) for i in range(64)]
# CHECK: BW403.py:[[@LINE-1]]:14: warning: `b"x" * 50_000_000` (about {{[0-9]+}} MiB) is pickled and copied to a worker process with every task sent by `pool.submit` [BW403]
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: share it once: multiprocessing.shared_memory, a pool initializer, or pass a path or index instead
        b = [pool.submit(checksum, bytes(10**8), i) for i in range(64)]
# CHECK: BW403.py:[[@LINE-1]]:14: warning: `bytes(10**8)` (about 95 MiB) is pickled and copied to a worker process with every task sent by `pool.submit` [BW403]
        zeros = [0] * 20_000_000
        c = [pool.submit(checksum, zeros, i) for i in range(8)]
# CHECK: BW403.py:[[@LINE-1]]:14: warning: `zeros` (about {{[0-9]+}} MiB) is pickled and copied to a worker process{{.*}} [BW403]
        d = [pool.submit(checksum, BLOB, i) for i in range(8)]
# CHECK: BW403.py:[[@LINE-1]]:14: warning: `BLOB` (about {{[0-9]+}} MiB) is pickled and copied to a worker process{{.*}} [BW403]
        e = pool.submit(checksum, data=bytearray(10**8), index=0)
# CHECK: BW403.py:[[@LINE-1]]:13: warning: `bytearray(10**8)` (about 95 MiB) is pickled and copied to a worker process{{.*}} [BW403]
        f = pool.submit(checksum, bytes(2**30), 0)  # boundwise: ignore[BW403]
# UNSUP: BW403.py:[[@LINE-1]]:13: warning: `bytes(2**30)` (about 1 GiB) is pickled and copied to a worker process{{.*}} [BW403]
        # The fixes: small arguments, or a path / index instead of the data.
        g = [pool.submit(checksum, b"header", i) for i in range(64)]
        h = [pool.submit(checksum, bytes(1024), i) for i in range(64)]
        k = [pool.submit(checksum_file, path, i) for i in range(64)]
    with ThreadPoolExecutor() as tpool:
        # Threads share memory: nothing is copied.
        m = [tpool.submit(checksum, bytes(10**8), i) for i in range(64)]
    return a, b, c, d, e, f, g, h, k, m


if __name__ == "__main__":
    score_all()
# CHECK: Found 9 findings (0 errors, 9 warnings, 0 info) in 1 file.
# UNSUP: Found 11 findings
