import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from app.compute import checksum, fib, parse_all
from app.net import fetch, run_tool

COUNTER = 0


def bump():
    global COUNTER
    for _ in range(1000):
        COUNTER += 1


def on_threads(sizes):
    with ThreadPoolExecutor() as pool:
        a = list(pool.map(checksum, sizes))
        b = pool.submit(fib, 30).result()
        c = pool.submit(parse_all, ["{}"]).result()
    return a, b, c


def on_processes(urls, paths):
    with ProcessPoolExecutor() as pool:
        pages = list(pool.map(fetch, urls))
        outs = list(pool.map(run_tool, paths))
        squares = list(pool.map(lambda x: x * x, range(10)))
    return pages, outs, squares


def racing():
    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
