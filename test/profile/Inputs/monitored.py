"""Functions the __code__ swap of Python 3.11 cannot measure and sys.monitoring (3.12+) can:
a call at module level of the main script, a nested function, an async def function, a
generator; plus two threads and a spawned process calling a target, and a helper that is not
a target."""
import asyncio
import multiprocessing
import sys
import threading
import time


def spin(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def outer(n):
    def inner(m):
        total = 0
        for i in range(m):
            total += i % 3
        return total

    return inner(n)


async def blocking_fetch(delay):
    time.sleep(delay)
    return delay


def ticks(count, delay):
    for i in range(count):
        time.sleep(delay)
        yield i


def helper(x):
    return x


def in_thread(n):
    spin(n)


spin(600_000)  # at module level, before anything below is even defined


async def relay(delay):
    return await blocking_fetch(delay)  # an awaited call site: measured as the coroutine runs


if __name__ == "__main__":
    outer(300_000)
    asyncio.run(blocking_fetch(0.1))
    asyncio.run(relay(0.05))
    print("ticks", sum(ticks(3, 0.03)))
    for tick in ticks(5, 0.03):  # abandoned after two sleeps: ends when Python frees it
        if tick == 1:
            break
    helper(1)
    threads = [threading.Thread(target=in_thread, args=(100_000,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if "--child" in sys.argv:
        child = multiprocessing.get_context("spawn").Process(target=spin, args=(100_000,))
        child.start()
        child.join()
    print("monitored done")
