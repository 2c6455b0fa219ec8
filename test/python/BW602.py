# RUN: %boundwise check --select BW602 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
# RUN: %boundwise check --select BW602 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON
# RUN: %boundwise check --select BW602 --exit-zero --free-threaded %s | %FileCheck %s --check-prefix=FREE
# RUN: sed -e 's/# boundwise: ignore\[BW602\]//' -e 's/# noqa: BW602//' %s > %t.py
# RUN: %boundwise check --select BW602 --exit-zero %t.py | %FileCheck %s --check-prefix=UNSUPPRESSED

# A batch of simulations and renders run one after another on one core, next to the fixed forms.

import os
import random
from concurrent.futures import ProcessPoolExecutor

import requests


def simulate(seed, steps=2_000_000):
    rng = random.Random(seed)
    position = 0.0
    for _ in range(steps):
        position += rng.gauss(0.0, 1.0) * 0.01
    return position


def mandelbrot_row(y, width, max_iter=255):
    row = []
    for x in range(width):
        c = complex(x / width, y / width)
        z = 0
        n = 0
        while abs(z) < 2 and n < max_iter:
            z = z * z + c
            n += 1
        row.append(n)
    return row


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def slugify(title):
    return title.strip().lower().replace(" ", "-")


def fetch_text(url):
    return requests.get(url, timeout=10).text


def word_score(text, rounds):
    score = 0
    for i in range(rounds):
        score += i * len(text)
    return score


class Trainer:
    def fit_one(self, size):
        loss = 0
        for i in range(size):
            for j in range(size):
                loss += (i - j) * (i - j)
        return loss

    def fit_all(self, sizes):
        return [self.fit_one(size) for size in sizes]
# CHECK: BW602.py:[[@LINE-1]]:17: info: `self.fit_one` is CPU-bound (cpu:python) and runs once per item of `sizes`, one after another on one core; the iterations are independent [BW602]


# --- independent heavy calls one after another (must fire) -----------------------------------------

def run_experiment(seeds):
    results = []
    for seed in seeds:
        results.append(simulate(seed))
# CHECK: BW602.py:[[@LINE-1]]:24: info: `simulate` is CPU-bound (cpu:python) and runs once per item of `seeds`, one after another on one core; the iterations are independent [BW602]
# CHECK-NEXT: BW602.py:[[@LINE-3]]:5: note: the loop
# CHECK-NEXT: BW602.py:[[@LINE-3]]:24: note: calls simulate ({{.*}}BW602.py:16)
# CHECK-NEXT: BW602.py:19:5: note: loop over range(steps) with arithmetic
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: with ProcessPoolExecutor() as pool: results = list(pool.map(simulate, seeds))
# FREE: BW602.py:[[@LINE-7]]:24: info: `simulate` is CPU-bound (cpu:python)
# FREE: = recommendation: threads
# FREE-NEXT: = help: with ThreadPoolExecutor() as pool: results = list(pool.map(simulate, seeds))
    return results


def render(height, width):
    return [mandelbrot_row(y, width) for y in range(height)]
# CHECK: BW602.py:[[@LINE-1]]:13: info: `mandelbrot_row` is CPU-bound (cpu:python) and runs once per item of `range(height)`{{.*}} [BW602]
# CHECK-NEXT: BW602.py:[[@LINE-2]]:12: note: the loop


def fib_table(ns):
    table = {}
    for n in ns:
        table[n] = fib(n)
# CHECK: BW602.py:[[@LINE-1]]:20: info: `fib` is CPU-bound (cpu:python) and runs once per item of `ns`{{.*}} [BW602]
    return table


def sweep(configs):
    for index, seed in enumerate(configs):
        print(index, simulate(seed, steps=500_000))
# CHECK: BW602.py:[[@LINE-1]]:22: info: `simulate` is CPU-bound (cpu:python) and runs once per item of `enumerate(configs)`{{.*}} [BW602]


def smoke_test(seeds):
    for seed in seeds:
        simulate(seed, steps=1_000)  # boundwise: ignore[BW602]
# UNSUPPRESSED: BW602.py.tmp.py:[[@LINE-1]]:9: info: `simulate` is CPU-bound (cpu:python) and runs once per item of `seeds`


# --- correct or not worth parallelising (must stay quiet) ----------------------------------------

def run_experiment_fixed(seeds):
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(simulate, seeds))


def slugs(titles):
    return [slugify(title) for title in titles]


def first_escape(seeds):
    for seed in seeds:
        if simulate(seed) > 10.0:
            return seed
    return None


def until_threshold(seeds, limit):
    for seed in seeds:
        value = simulate(seed)
        if value > limit:
            break
        print(seed, value)


def score_pages(urls):
    scores = {}
    for url in urls:
        text = fetch_text(url)
        scores[url] = word_score(text, 10_000)
    return scores


def baseline(seeds):
    for seed in seeds:
        print(seed, simulate(42, steps=10_000))


if __name__ == "__main__":
    print(run_experiment_fixed(range(32)))


# CHECK: Found 5 findings

# JSON: "findings": [
# JSON-NEXT: {
# JSON-NEXT: "code": "BW602",
# JSON-NEXT: "name": "sequential-cpu-work-in-loop",
# JSON-NEXT: "severity": "info",
# JSON-NEXT: "path": "{{.*}}BW602.py",
# JSON-NEXT: "line": 65,
# JSON-NEXT: "column": 17,
# JSON: "message": "`self.fit_one` is CPU-bound (cpu:python) and runs once per item of `sizes`, one after another on one core; the iterations are independent",
# JSON-NEXT: "workload": "cpu",
# JSON-NEXT: "recommendation": "processes",
# JSON-NEXT: "help": "with ProcessPoolExecutor() as pool: results = list(pool.map(self.fit_one, sizes))",
