# Regressions for BW601: sleeps pace a loop on purpose; subprocess runs are independent even
# though they have side effects; file and database writes stay ordered.
# RUN: %boundwise check --select BW601 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
import sqlite3
import subprocess
import time

import requests


def polite_crawl(urls):
    for url in urls:
        requests.get(url, timeout=5)
        time.sleep(1)


def lint_all(paths):
    for path in paths:
        subprocess.run(["ruff", "check", path], check=False)
# CHECK: BW601_pacing_and_writes.py:[[@LINE-1]]:9: info: `subprocess.run` waits on io:subprocess once per item of `paths`{{.*}} [BW601]


def insert_rows(rows):
    conn = sqlite3.connect("app.db")
    for row in rows:
        conn.execute("INSERT INTO t VALUES (?)", (row,))


def write_lines(lines):
    with open("out.txt", "w") as fh:
        for line in lines:
            fh.write(line)

# CHECK: Found 1 finding
