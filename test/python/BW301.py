# RUN: %boundwise check --select BW301 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
# RUN: %boundwise check --select BW301 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON
# RUN: sed -e 's/# boundwise: ignore\[BW301\]//' -e 's/# noqa: BW301//' %s > %t.py
# RUN: %boundwise check --select BW301 --exit-zero %t.py | %FileCheck %s --check-prefix=UNSUPPRESSED

# A crawler and word counter that share counters between worker threads, next to the fixed forms.

import concurrent.futures as cf
import threading
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import ThreadPoolExecutor as Pool
from multiprocessing.pool import ThreadPool

import requests

counter = 0
processed = 0
bytes_seen = 0
retries = 0
counter_lock = threading.Lock()
stats_lock = threading.RLock()
word_counts = {}
status_hist = defaultdict(int)
pages = []


# --- unsynchronised read-modify-write on several threads (must fire) ------------------------------

def spin(n):
    global counter
    for _ in range(n):
        counter += 1
# CHECK: BW301.py:[[@LINE-1]]:9: warning: `counter += 1` updates the global `counter` in `spin`, which runs on several threads (dispatched by `threading.Thread` at {{.*}}BW301.py:[[@LINE+8]]); the read-modify-write is not atomic and updates get lost [BW301]
# CHECK-NEXT: BW301.py:[[@LINE+7]]:13: note: runs on several threads from here
# CHECK-NEXT: = help: guard it with a threading.Lock (`with lock:`), or give each thread its own result and combine them


def start_spinners():
    threads = []
    for _ in range(4):
        t = threading.Thread(target=spin, args=(100_000,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()


def count_words(text):
    for word in text.split():
        word_counts[word] += 1
# CHECK: BW301.py:[[@LINE-1]]:9: warning: `word_counts[word] += 1` updates the shared container `word_counts` in `count_words`, which runs on several threads (dispatched by `pool.map` at {{.*}}BW301.py:[[@LINE+5]]){{.*}} [BW301]


def tally(texts):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(count_words, texts))


class Crawler:
    def __init__(self):
        self.fetched = 0
        self.failed = 0
        self.lock = threading.Lock()

    def fetch(self, url):
        response = requests.get(url, timeout=10)
        self.fetched += 1
# CHECK: BW301.py:[[@LINE-1]]:9: warning: `self.fetched += 1` updates the shared attribute `self.fetched` in `Crawler.fetch`, which runs on several threads (dispatched by `pool.map` at {{.*}}BW301.py:[[@LINE+12]]){{.*}} [BW301]
        return response.text

    def fetch_counted(self, url):
        response = requests.get(url, timeout=10)
        with self.lock:
            if not response.ok:
                self.failed += 1
        return response.text

    def run(self, urls):
        with ThreadPoolExecutor() as pool:
            texts = list(pool.map(self.fetch, urls))
            texts += list(pool.map(self.fetch_counted, urls))
        return texts


def download_all(urls):
    done = 0

    def download(url):
        nonlocal done
        pages.append(requests.get(url, timeout=10).content)
        done += 1
# CHECK: BW301.py:[[@LINE-1]]:9: warning: `done += 1` updates the enclosing variable `done` in `download_all.<locals>.download`, which runs on several threads (dispatched by `pool.submit` at {{.*}}BW301.py:[[@LINE+5]]){{.*}} [BW301]

    with Pool(max_workers=4) as pool:
        futures = []
        for url in urls:
            futures.append(pool.submit(download, url))
    return done


def add_bytes(n):
    global bytes_seen
    bytes_seen += n
# CHECK: BW301.py:[[@LINE-1]]:5: warning: `bytes_seen += n` updates the global `bytes_seen` in `add_bytes`, which runs on several threads (dispatched by `ex.submit` at {{.*}}BW301.py:[[@LINE+9]]){{.*}} [BW301]


def measure(url):
    add_bytes(len(requests.get(url, timeout=10).content))


def measure_all(urls):
    with cf.ThreadPoolExecutor() as ex:
        return [ex.submit(measure, url) for url in urls]


def record_status(code):
    status_hist[code // 100] += 1
# CHECK: BW301.py:[[@LINE-1]]:5: warning: `status_hist[code // 100] += 1` updates the shared container `status_hist` in `record_status`, which runs on several threads (dispatched by `tp.map` at {{.*}}BW301.py:[[@LINE+5]]){{.*}} [BW301]


def record_all(codes):
    with ThreadPool(4) as tp:
        tp.map(record_status, codes)


def retry(url):
    global retries
    retries += 1  # boundwise: ignore[BW301]
# UNSUPPRESSED: BW301.py.tmp.py:[[@LINE-1]]:5: warning: `retries += 1` updates the global `retries` in `retry`
    return requests.get(url, timeout=10)


def retry_all(urls):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(retry, urls))


# --- correct code (must stay quiet) -----------------------------------------------------------------

def spin_locked(n):
    global processed
    for _ in range(n):
        with counter_lock:
            processed += 1


def count_words_locked(text):
    for word in text.split():
        with stats_lock:
            word_counts[word] += 1


def words_in(text):
    total = 0
    for word in text.split():
        total += len(word)
    return total


def collect(url):
    body = requests.get(url, timeout=10).content
    pages.append(body)
    word_counts[url] = len(body)


def crunch(n):
    global counter
    counter += n
    word_counts[n] += 1


def run_fixed(texts, urls):
    threads = [threading.Thread(target=spin_locked, args=(1_000,)) for _ in range(4)]
    for t in threads:
        t.start()
    with ThreadPoolExecutor() as pool:
        list(pool.map(count_words_locked, texts))
        total = sum(pool.map(words_in, texts))
        list(pool.map(collect, urls))
    return total


if __name__ == "__main__":
    with ProcessPoolExecutor() as procs:
        list(procs.map(crunch, range(100)))


# CHECK: Found 6 findings

# JSON: "findings": [
# JSON-NEXT: {
# JSON-NEXT: "code": "BW301",
# JSON-NEXT: "name": "unsynchronized-shared-mutation",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW301.py",
# JSON-NEXT: "line": 33,
# JSON-NEXT: "column": 9,
# JSON: "message": "`counter += 1` updates the global `counter` in `spin`, which runs on several threads (dispatched by `threading.Thread` at {{.*}}BW301.py:42); the read-modify-write is not atomic and updates get lost",
# JSON: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW301.py",
# JSON-NEXT: "line": 42,
# JSON-NEXT: "message": "runs on several threads from here"
