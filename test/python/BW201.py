# RUN: %boundwise check --select BW201 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
# RUN: %boundwise check --select BW201 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON
# RUN: sed -e 's/# boundwise: ignore\[BW201\]//' -e 's/# noqa: BW201//' %s > %t.py
# RUN: %boundwise check --select BW201 --exit-zero %t.py | %FileCheck %s --check-prefix=UNSUPPRESSED

# An aiohttp-style service: coroutines that block the event loop, next to the fixed forms.

import asyncio
import sqlite3
import subprocess
import time
from time import sleep as nap

import aiohttp
import httpx
import requests

API = "https://api.example.com"


# --- direct blocking calls (must fire) -------------------------------------------------------

async def poll_status(job_id):
    time.sleep(0.5)
# CHECK: BW201.py:[[@LINE-1]]:5: warning: blocking call `time.sleep` (io:sleep) inside `async def poll_status` stalls the event loop [BW201]
# CHECK-NEXT: BW201.py:[[@LINE-2]]:5: note: time.sleep: io:sleep (rule rules/python/time.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: async
# CHECK-NEXT: = help: await asyncio.sleep(...)
    return requests.get(f"{API}/jobs/{job_id}", timeout=5).json()
# CHECK: BW201.py:[[@LINE-1]]:12: warning: blocking call `requests.get` (io:network) inside `async def poll_status` stalls the event loop [BW201]
# CHECK-NEXT: note: requests.get: io:network (rule rules/python/http_clients.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: async
# CHECK-NEXT: = help: httpx.AsyncClient.get or aiohttp.ClientSession.get


async def load_template(path):
    with open(path) as fh:
# CHECK: BW201.py:[[@LINE-1]]:10: warning: blocking call `open` (io:disk) inside `async def load_template` stalls the event loop [BW201]
        return fh.read()
# CHECK: BW201.py:[[@LINE-1]]:16: warning: blocking call `fh.read` (io:disk) inside `async def load_template` stalls the event loop [BW201]


async def run_migration(script):
    return subprocess.run(["psql", "-f", script], check=True)
# CHECK: BW201.py:[[@LINE-1]]:12: warning: blocking call `subprocess.run` (io:subprocess) inside `async def run_migration` stalls the event loop [BW201]
# CHECK: = help: asyncio.create_subprocess_exec


async def count_users(conn: sqlite3.Connection):
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM users")
# CHECK: BW201.py:[[@LINE-1]]:5: warning: blocking call `cur.execute` (io:db) inside `async def count_users` stalls the event loop [BW201]
    return cur.fetchone()
# CHECK: BW201.py:[[@LINE-1]]:12: warning: blocking call `cur.fetchone` (io:db) inside `async def count_users` stalls the event loop [BW201]


async def fetch_avatar(user_id):
    s = requests.Session()
    return s.get(f"{API}/avatars/{user_id}", timeout=5).content
# CHECK: BW201.py:[[@LINE-1]]:12: warning: blocking call `s.get` (io:network) inside `async def fetch_avatar` stalls the event loop [BW201]
# CHECK-NEXT: note: requests.Session.get: io:network


class BillingClient:
    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    async def invoice(self, invoice_id):
        return self.session.get(f"{self.base}/invoices/{invoice_id}", timeout=5).json()
# CHECK: BW201.py:[[@LINE-1]]:16: warning: blocking call `self.session.get` (io:network) inside `async def invoice` stalls the event loop [BW201]
# CHECK-NEXT: note: requests.Session.get: io:network

    def invoice_sync(self, invoice_id):
        # A plain method may block: it is not on the event loop.
        return self.session.get(f"{self.base}/invoices/{invoice_id}", timeout=5).json()


async def retry_later():
    nap(1)
# CHECK: BW201.py:[[@LINE-1]]:5: warning: blocking call `nap` (io:sleep) inside `async def retry_later` stalls the event loop [BW201]
# CHECK-NEXT: note: time.sleep: io:sleep


# --- blocking call reached through a chain of sync helpers (must fire, evidence shows the chain) --

def _download(url):
    return requests.get(url, timeout=10).content


def _fetch_manifest(name):
    return _download(f"{API}/manifests/{name}").decode()


def _manifest_entries(name):
    return _fetch_manifest(name).splitlines()


async def refresh_manifest(name):
    entries = _manifest_entries(name)
# CHECK: BW201.py:[[@LINE-1]]:15: warning: `_manifest_entries` blocks on io:network (via `requests.get`) inside `async def refresh_manifest` and stalls the event loop [BW201]
# CHECK-NEXT: BW201.py:[[@LINE-2]]:15: note: calls _manifest_entries ({{.*}}BW201.py:[[@LINE-7]])
# CHECK-NEXT: BW201.py:[[@LINE-7]]:12: note: calls _fetch_manifest ({{.*}}BW201.py:[[@LINE-12]])
# CHECK-NEXT: BW201.py:[[@LINE-12]]:12: note: calls _download ({{.*}}BW201.py:[[@LINE-17]])
# CHECK-NEXT: BW201.py:[[@LINE-17]]:12: note: requests.get: io:network (rule rules/python/http_clients.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: async
# CHECK-NEXT: = help: await asyncio.to_thread(_manifest_entries, ...), or make the chain async
    return entries


# --- suppressed on purpose (a one-off admin command) ---------------------------------------------

async def admin_pause():
    time.sleep(2)  # boundwise: ignore[BW201]
# UNSUPPRESSED: BW201.py.tmp.py:[[@LINE-1]]:5: warning: blocking call `time.sleep` (io:sleep) inside `async def admin_pause`


async def admin_dump(path):
    return subprocess.run(["pg_dump", "-f", path], check=True)  # noqa: BW201
# UNSUPPRESSED: BW201.py.tmp.py:[[@LINE-1]]:12: warning: blocking call `subprocess.run` (io:subprocess) inside `async def admin_dump`


# --- correct code (must stay quiet) --------------------------------------------------------------

async def poll_status_fixed(job_id, client: httpx.AsyncClient):
    await asyncio.sleep(0.5)
    response = await client.get(f"{API}/jobs/{job_id}")
    return response.json()


async def refresh_manifest_fixed(name):
    return await asyncio.to_thread(_manifest_entries, name)


async def download_in_executor(url):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, _download, url)


async def fetch_with_aiohttp(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            return await resp.text()


async def fetch_with_httpx(url):
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get(url)
        return r.text


async def load_template_fixed(path):
    def read_all():
        with open(path) as fh:
            return fh.read()

    return await asyncio.to_thread(read_all)


def load_template_sync(path):
    time.sleep(0.1)
    with open(path) as fh:
        return fh.read()


def main():
    print(load_template_sync("index.html"))


# CHECK: Found 11 findings

# JSON: "findings": [
# JSON-NEXT: {
# JSON-NEXT: "code": "BW201",
# JSON-NEXT: "name": "blocking-call-in-async",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW201.py",
# JSON-NEXT: "line": 24,
# JSON-NEXT: "column": 5,
# JSON: "message": "blocking call `time.sleep` (io:sleep) inside `async def poll_status` stalls the event loop",
# JSON-NEXT: "workload": "io",
# JSON-NEXT: "recommendation": "async",
