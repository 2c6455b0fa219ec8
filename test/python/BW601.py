# RUN: %boundwise check --select BW601 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
# RUN: %boundwise check --select BW601 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON
# RUN: sed -e 's/# boundwise: ignore\[BW601\]//' -e 's/# noqa: BW601//' %s > %t.py
# RUN: %boundwise check --select BW601 --exit-zero %t.py | %FileCheck %s --check-prefix=UNSUPPRESSED

# A sync exporter and an async scraper that wait for one request / file / program at a time,
# next to the fixed forms.

import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import httpx
import requests

API = "https://api.example.com"


def fetch_json(url):
    return requests.get(url, timeout=10).json()


def render_thumbnail(path):
    return subprocess.run(["convert", path, "-resize", "128x128", path + ".thumb.png"], check=True)


# --- independent blocking calls one after another (must fire) ------------------------------------

def fetch_pages(urls):
    pages = []
    for url in urls:
        pages.append(requests.get(url, timeout=10).text)
# CHECK: BW601.py:[[@LINE-1]]:22: info: `requests.get` waits on io:network once per item of `urls`, one call after another; the calls are independent and can overlap [BW601]
# CHECK-NEXT: BW601.py:[[@LINE-3]]:5: note: the loop
# CHECK-NEXT: BW601.py:[[@LINE-3]]:22: note: requests.get: io:network (rule rules/python/http_clients.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: threads
# CHECK-NEXT: = help: with ThreadPoolExecutor() as pool: results = list(pool.map(requests.get, urls))
    return pages


def load_users(user_ids):
    users = {}
    for user_id in user_ids:
        users[user_id] = fetch_json(f"{API}/users/{user_id}")
# CHECK: BW601.py:[[@LINE-1]]:26: info: `fetch_json` waits on io:network once per item of `user_ids`{{.*}} [BW601]
# CHECK-NEXT: BW601.py:[[@LINE-3]]:5: note: the loop
# CHECK-NEXT: BW601.py:[[@LINE-3]]:26: note: calls fetch_json ({{.*}}BW601.py:20)
# CHECK-NEXT: BW601.py:21:12: note: requests.get: io:network
    return users


def load_orders(order_ids):
    return [fetch_json(f"{API}/orders/{oid}") for oid in order_ids]
# CHECK: BW601.py:[[@LINE-1]]:13: info: `fetch_json` waits on io:network once per item of `order_ids`{{.*}} [BW601]


def make_thumbnails(paths):
    for path in paths:
        render_thumbnail(path)
# CHECK: BW601.py:[[@LINE-1]]:9: info: `render_thumbnail` waits on io:subprocess once per item of `paths`{{.*}} [BW601]


def read_reports(paths):
    reports = []
    for path in paths:
        with open(path) as fh:
# CHECK: BW601.py:[[@LINE-1]]:14: info: `open` waits on io:disk once per item of `paths`{{.*}} [BW601]
            reports.append(fh.read())
    return reports


def check_mirrors(mirrors):
    # Two requests per item: still one finding for the loop.
    session = requests.Session()
    status = {}
    for i, mirror in enumerate(mirrors):
        head = session.head(mirror, timeout=5)
# CHECK: BW601.py:[[@LINE-1]]:16: info: `session.head` waits on io:network once per item of `enumerate(mirrors)`{{.*}} [BW601]
        body = session.get(mirror, timeout=5)
        status[i] = (head.status_code, len(body.content))
    return status


async def scrape(urls):
    async with aiohttp.ClientSession() as session:
        texts = []
        for u in urls:
            response = await session.get(u)
# CHECK: BW601.py:[[@LINE-1]]:30: info: `session.get` waits on io:network once per item of `urls`{{.*}} [BW601]
# CHECK-NEXT: BW601.py:[[@LINE-3]]:9: note: the loop
# CHECK-NEXT: note: aiohttp.ClientSession.get: async, awaits io:network
# CHECK-NEXT: = recommendation: async
# CHECK-NEXT: = help: await asyncio.gather(*(session.get(...) for ... in urls))
            texts.append(await response.text())
        return texts


def sync_feeds(feeds):
    for feed in feeds:
        fetch_json(feed)  # noqa: BW601
# UNSUPPRESSED: BW601.py.tmp.py:[[@LINE-1]]:9: info: `fetch_json` waits on io:network once per item of `feeds`


# --- correct or dependent code (must stay quiet) --------------------------------------------------

def fetch_pages_fixed(urls):
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(fetch_json, urls))


async def scrape_fixed(urls):
    async with httpx.AsyncClient(timeout=10) as client:
        responses = await asyncio.gather(*(client.get(u) for u in urls))
    return [r.text for r in responses]


def first_healthy(mirrors):
    for mirror in mirrors:
        response = requests.get(mirror, timeout=5)
        if response.ok:
            break
    return mirror


def heartbeat(workers):
    for worker in workers:
        health = requests.get(f"{API}/health", timeout=5)
        print(worker, health.status_code)


def export_lines(path, lines):
    with open(path, "w") as fh:
        for line in lines:
            fh.write(line)


def wait_for_job(job_url):
    while True:
        job = requests.get(job_url, timeout=5).json()
        if job["state"] == "done":
            return job


def summarize(records):
    total = 0
    for record in records:
        total += len(record)
    return total


# CHECK: Found 7 findings

# JSON: "findings": [
# JSON-NEXT: {
# JSON-NEXT: "code": "BW601",
# JSON-NEXT: "name": "sequential-blocking-calls-in-loop",
# JSON-NEXT: "severity": "info",
# JSON-NEXT: "path": "{{.*}}BW601.py",
# JSON-NEXT: "line": 33,
# JSON-NEXT: "column": 22,
# JSON: "message": "`requests.get` waits on io:network once per item of `urls`, one call after another; the calls are independent and can overlap",
# JSON-NEXT: "workload": "io",
# JSON-NEXT: "recommendation": "threads",
# JSON-NEXT: "help": "with ThreadPoolExecutor() as pool: results = list(pool.map(requests.get, urls))",
# JSON-NEXT: "evidence": [
# JSON-NEXT: {
# JSON-NEXT: "path": "{{.*}}BW601.py",
# JSON-NEXT: "line": 32,
# JSON-NEXT: "message": "the loop"
