import subprocess
import time

import requests


def fetch(url):
    return requests.get(url, timeout=10).text


def run_tool(path):
    return subprocess.run(["wc", "-l", path], check=True)


def backoff(seconds):
    time.sleep(seconds)
