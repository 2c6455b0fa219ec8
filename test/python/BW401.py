# BW401 process-pool-without-main-guard: worker processes started at import time.
#
# RUN: %boundwise check --select BW401 --python-version 3.12 --exit-zero %s \
# RUN:   | %FileCheck %s --implicit-check-not="[BW"
#
# RUN: %boundwise check --select BW401 --python-version 3.12 --exit-zero --format json %s \
# RUN:   | %FileCheck %s --check-prefix=JSON
#
# The two suppressed lines below are real findings: with the comments removed they fire.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sed -e 's/# boundwise[:] ignore.BW401.//' -e 's/# noqa[:] BW401//' %s > %t/BW401.py
# RUN: %boundwise check --select BW401 --python-version 3.12 --exit-zero %t/BW401.py \
# RUN:   | %FileCheck %s --check-prefix=UNSUP
import multiprocessing
import multiprocessing as mp
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, Process


def square(x):
    return x * x


def start_pool():
    return Pool(4)


def run_jobs(items):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(square, items, chunksize=64))


def main():
    return run_jobs(range(10))


# --- import-time process start-up ---------------------------------------------------------

pool = multiprocessing.Pool(4)
# CHECK: BW401.py:[[@LINE-1]]:8: error: `multiprocessing.Pool` starts worker processes at import time; with the spawn and forkserver start methods every child re-imports this module and starts them again [BW401]
# CHECK-NEXT: BW401.py:[[@LINE-2]]:8: note: multiprocessing.Pool starts worker processes (rule rules/python/concurrency.yaml:{{[0-9]+}})
# CHECK-NEXT: = help: move it under `if __name__ == "__main__":` (or into a function called from there)
# JSON: "findings": [
# JSON: "code": "BW401",
# JSON-NEXT: "name": "process-pool-without-main-guard",
# JSON-NEXT: "severity": "error",
# JSON-NEXT: "path": "{{.*}}BW401.py",
# JSON-NEXT: "line": [[@LINE-9]],
# JSON-NEXT: "column": 8,
# JSON: "message": "`multiprocessing.Pool` starts worker processes at import time
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW401.py",
# JSON-NEXT: "line": 40,
# JSON-NEXT: "message": "multiprocessing.Pool starts worker processes (rule rules/python/concurrency.yaml:{{[0-9]+}})"
executor = ProcessPoolExecutor(max_workers=2)
# CHECK: BW401.py:[[@LINE-1]]:12: error: `ProcessPoolExecutor` starts worker processes at import time{{.*}} [BW401]
# CHECK-NEXT: note: concurrent.futures.ProcessPoolExecutor starts worker processes (rule rules/python/concurrency.yaml:{{[0-9]+}})
with ProcessPoolExecutor() as ex:
# CHECK: BW401.py:[[@LINE-1]]:6: error: `ProcessPoolExecutor` starts worker processes at import time{{.*}} [BW401]
    squares = list(ex.map(square, range(10)))
worker = Process(target=square, args=(3,))
worker.start()
# CHECK: BW401.py:[[@LINE-1]]:1: error: `worker.start` starts worker processes at import time{{.*}} [BW401]
# CHECK-NEXT: note: multiprocessing.Process.start starts worker processes (rule rules/python/concurrency.yaml:{{[0-9]+}})
Process(target=square, args=(4,)).start()
# CHECK: BW401.py:[[@LINE-1]]:1: error: `Process(target=square, args=(4,)).start` starts worker processes at import time{{.*}} [BW401]
aliased = mp.Pool()
# CHECK: BW401.py:[[@LINE-1]]:11: error: `mp.Pool` starts worker processes at import time{{.*}} [BW401]
qualified = futures.ProcessPoolExecutor()
# CHECK: BW401.py:[[@LINE-1]]:13: error: `futures.ProcessPoolExecutor` starts worker processes at import time{{.*}} [BW401]
spawn_pool = mp.get_context("spawn").Pool(2)
# CHECK: BW401.py:[[@LINE-1]]:14: error: `mp.get_context("spawn").Pool` starts worker processes at import time{{.*}} [BW401]
shared = start_pool()
# CHECK: BW401.py:[[@LINE-1]]:10: error: `start_pool` starts worker processes at import time{{.*}} [BW401]
# CHECK-NEXT: BW401.py:26:12: note: multiprocessing.Pool starts worker processes (rule {{.*}}concurrency.yaml:{{[0-9]+}})
results = main()
# CHECK: BW401.py:[[@LINE-1]]:11: error: `main` starts worker processes at import time{{.*}} [BW401]
# CHECK-NEXT: BW401.py:35:12: note: calls run_jobs (
# CHECK-NEXT: BW401.py:30:10: note: concurrent.futures.ProcessPoolExecutor starts worker processes (rule
fork_only = Pool(2)  # boundwise: ignore[BW401]
# UNSUP: BW401.py:[[@LINE-1]]:13: error: `Pool` starts worker processes at import time{{.*}} [BW401]
legacy = ProcessPoolExecutor()  # noqa: BW401
# UNSUP: BW401.py:[[@LINE-1]]:10: error: `ProcessPoolExecutor` starts worker processes at import time{{.*}} [BW401]


class Service:
    shared_pool = ProcessPoolExecutor()
# CHECK: BW401.py:[[@LINE-1]]:19: error: `ProcessPoolExecutor` starts worker processes at import time{{.*}} [BW401]

    def run(self):
        # Inside a method: runs only when called.
        with ProcessPoolExecutor() as local:
            return local.submit(square, 2)


if __name__ == "__main__":
    print("parent")
else:
    # The else branch runs exactly in the re-imported children.
    child_pool = Pool(2)
# CHECK: BW401.py:[[@LINE-1]]:18: error: `Pool` starts worker processes at import time{{.*}} [BW401]


# --- negative cases: processes created under the main guard or inside functions -----------

unstarted = Process(target=square, args=(5,))


def serve():
    with Pool(4) as p:
        p.map(square, range(10))
    proc = Process(target=square, args=(3,))
    proc.start()
    return ProcessPoolExecutor()


if __name__ == "__main__":
    with Pool(4) as p:
        print(p.map(square, range(10)))
    guarded = ProcessPoolExecutor()
    proc = Process(target=square, args=(3,))
    proc.start()
    main()
    start_pool()

if __name__ == '__main__':
    multiprocessing.freeze_support()
    mp.Pool(2)
# CHECK: Found 12 findings (12 errors, 0 warnings, 0 info) in 1 file.
# UNSUP: Found 14 findings
