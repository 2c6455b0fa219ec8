# Regressions for BW301: explicit acquire()/release() guards too; `x = x + n` is a
# read-modify-write like `x += n`.
# RUN: %boundwise check --select BW301 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
import threading
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
total = 0
done = 0


def add_guarded(n):
    global total
    lock.acquire()
    try:
        total += n
    finally:
        lock.release()


def add_unguarded(n):
    global done
    done = done + n
# CHECK: BW301_locks_and_assignments.py:[[@LINE-1]]:5: warning: `done = done + n` updates the global `done`{{.*}} [BW301]


def main(items):
    with ThreadPoolExecutor() as pool:
        list(pool.map(add_guarded, items))
        list(pool.map(add_unguarded, items))

# CHECK: Found 1 finding
