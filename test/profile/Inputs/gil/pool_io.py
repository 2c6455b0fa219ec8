"""I/O-bound work on a ThreadPoolExecutor: the workers sleep with the GIL released."""
import time
from concurrent.futures import ThreadPoolExecutor


def fetch(i):
    time.sleep(0.1)
    return i


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(fetch, range(8)))
    print("io done", len(done))


if __name__ == "__main__":
    main()
