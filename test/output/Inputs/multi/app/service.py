import asyncio

from app.compute import checksum, fib
from app.net import backoff, fetch


async def handle(request):
    body = fetch(request)
    backoff(0.1)
    return checksum(len(body))


async def offload(n):
    return await asyncio.to_thread(fib, n)


def crawl(urls):
    pages = []
    for url in urls:
        pages.append(fetch(url))
    return pages


def crunch_all(sizes):
    results = []
    for n in sizes:
        results.append(checksum(n))
    return results
