"""Findings for `check --profile`: CPU work on threads (BW101), blocking calls in a loop (BW601),
and a loop the static pass calls CPU-bound that mostly waits (refuted when measured)."""
import time
from concurrent.futures import ThreadPoolExecutor


def crunch(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def on_threads(sizes):
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(crunch, sizes))


def fetch(delay):
    time.sleep(delay)


def waits(delays):
    for delay in delays:
        fetch(delay)


def main():
    on_threads([300_000] * 2)
    waits([0.05] * 3)
    print("pool_work done")


if __name__ == "__main__":
    main()
