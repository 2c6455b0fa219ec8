# Fixture for json_schema.test: line numbers are checked, append new code at the end only.
from concurrent.futures import ThreadPoolExecutor

import requests


class Worker:
    def crunch(self, n):
        total = 0
        for i in range(n):
            total = (total * 31 + i) % 1_000_003
        return total

    def run(self, sizes):
        with ThreadPoolExecutor() as pool:
            return list(pool.map(self.crunch, sizes))


async def fetch(url):
    label = "café"; return requests.get(url, timeout=5)
