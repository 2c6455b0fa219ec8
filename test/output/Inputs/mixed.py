# Fixture for the output tests: one finding each of BW101, BW201, BW202, BW401 and BW601.
# Line numbers are checked by the tests: append new code at the end only.
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import requests


def crunch(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def on_threads(sizes):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(crunch, sizes))


async def handler():
    time.sleep(1)


async def busy(n):
    return crunch(n)


def fetch_pages(urls):
    pages = []
    for url in urls:
        pages.append(requests.get(url, timeout=10).text)
    return pages


POOL = ProcessPoolExecutor()
