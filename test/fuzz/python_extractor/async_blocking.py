import asyncio
import time
import requests
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor


async def handler(url):
    time.sleep(1)
    data = requests.get(url, timeout=5)
    await asyncio.sleep(0)
    async with session.get(url) as resp:
        return await resp.text()


def crunch(n):
    return sum(i * i for i in range(n))


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(crunch, [10**6] * 8))
    with ProcessPoolExecutor() as pool:
        futures = [pool.submit(crunch, n) for n in range(4)]
    loop = asyncio.get_event_loop()
    loop.run_in_executor(None, crunch, 10)
    return results


if __name__ == "__main__":
    main()
