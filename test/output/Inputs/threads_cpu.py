# Fixture for target.test: CPU-bound callables handed to a thread pool. Line numbers are checked.
import json
from concurrent.futures import ThreadPoolExecutor


def crunch(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def parse(blobs):
    return [json.loads(b) for b in blobs]


def run(sizes, blobs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        totals = list(pool.map(crunch, sizes))
        parsed = list(pool.map(parse, blobs))
    return totals, parsed
