"""CPU-bound pure Python on a ThreadPoolExecutor: every worker waits for the GIL most of the time."""
import sys
from concurrent.futures import ThreadPoolExecutor


def squares(n):
    return sum(i * i for i in range(n))


def main(workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        totals = list(pool.map(squares, [3_000_000] * 4))
    print("pool done", workers, len(totals))


if __name__ == "__main__":
    main(int(sys.argv[1]))
