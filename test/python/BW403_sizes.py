# Regressions for BW403: chunksize given by position, range steps, payloads inside argument
# tuples, and literal sizes counted without the string prefix.
# RUN: %boundwise check --select BW403 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def score(x):
    return x * x


def work(blob, i):
    return len(blob) + i


def main():
    with multiprocessing.Pool() as mp:
        list(mp.imap(score, range(100_000), 1_000))
        mp.apply(work, (bytes(10**8), 0))
# CHECK: BW403_sizes.py:[[@LINE-1]]:9: warning: `(bytes(10**8), 0)` (about 95 MiB) is pickled{{.*}} [BW403]
    with ProcessPoolExecutor() as pool:
        list(pool.map(score, range(0, 100_000, 1_000)))
        list(pool.map(score, range(0, 10_000_000, 2)))
# CHECK: BW403_sizes.py:[[@LINE-1]]:14: warning: `pool.map` sends 5000000 items one task each{{.*}} [BW403]
        pool.submit(work, b"x" * 600_000, 1)
        pool.submit(work, b"x" * 2_000_000, 1)
# CHECK: BW403_sizes.py:[[@LINE-1]]:9: warning: `b"x" * 2_000_000` (about 1 MiB) is pickled{{.*}} [BW403]


if __name__ == "__main__":
    main()

# CHECK: Found 3 findings
