"""Legacy nightly prime-count job, still run by the old cron entry
(`python -m newsroom.legacy_job`).

BUG: the pool below is created at import time, outside `if __name__ == "__main__":`.
With the spawn / forkserver start methods (macOS, Windows, Linux from Python 3.14) every
worker re-imports this module and tries to start a pool of its own. The fixed version is
batch.prime_load(), called from batch.main() under the main guard.
"""
import multiprocessing

from .textstats import count_primes

LIMITS = [10_000, 20_000, 40_000, 80_000]

pool = multiprocessing.Pool(4)
results = pool.map(count_primes, LIMITS)
pool.close()
pool.join()
print(dict(zip(LIMITS, results)))
