"""The newsroom HTTP API (aiohttp): page previews, headlines, word stats, a CPU benchmark."""
import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import aiohttp
from aiohttp import web

from .http_helpers import fetch_page
from .scraper import latest_headlines
from .textstats import checksum, compress, count_primes, word_histogram

TEMPLATES = Path(__file__).parent / "templates"
_cpu_pool: ProcessPoolExecutor | None = None


def cpu_pool() -> ProcessPoolExecutor:
    """The process pool for CPU-heavy requests, created on first use (never at import)."""
    global _cpu_pool
    if _cpu_pool is None:
        _cpu_pool = ProcessPoolExecutor(max_workers=os.cpu_count())
    return _cpu_pool


def _read_template(name: str) -> str:
    with open(TEMPLATES / name, encoding="utf-8") as fh:
        return fh.read()


async def handle_preview(request: web.Request) -> web.Response:
    """Stalls every other request while requests.get downloads the page."""
    html = fetch_page(request.query["url"])
    return web.json_response({"length": len(html)})


async def handle_preview_v2(request: web.Request) -> web.Response:
    """Same preview; the download runs on a worker thread and the loop keeps serving."""
    html = await asyncio.to_thread(fetch_page, request.query["url"])
    return web.json_response({"length": len(html)})


async def handle_headlines(request: web.Request) -> web.Response:
    """Blocks the loop too: latest_headlines -> get_json -> session.get."""
    return web.json_response(latest_headlines(request.query["feed"]))


async def handle_article(request: web.Request) -> web.Response:
    """Renders the article page; opens the template from disk on the event loop."""
    template = open(TEMPLATES / "article.html", encoding="utf-8").read()
    return web.Response(text=template, content_type="text/html")


async def handle_article_v2(request: web.Request) -> web.Response:
    template = await asyncio.to_thread(_read_template, "article.html")
    return web.Response(text=template, content_type="text/html")


async def backoff_blocking(attempt: int) -> None:
    """Old retry pause: time.sleep freezes the whole server, not just this request."""
    time.sleep(min(2 ** attempt, 30))


async def backoff(attempt: int) -> None:
    """Retry pause that lets the other requests run meanwhile."""
    await asyncio.sleep(min(2 ** attempt, 30))


async def handle_primes_inline(request: web.Request) -> web.Response:
    """Benchmark endpoint: the count runs on the event loop for seconds."""
    return web.json_response({"primes": count_primes(int(request.query["limit"]))})


async def handle_primes_thread(request: web.Request) -> web.Response:
    """Off the loop, but on a thread: it still holds the GIL and slows every other thread."""
    primes = await asyncio.to_thread(count_primes, int(request.query["limit"]))
    return web.json_response({"primes": primes})


async def handle_primes(request: web.Request) -> web.Response:
    """The count runs in another process, with its own GIL."""
    loop = asyncio.get_running_loop()
    primes = await loop.run_in_executor(cpu_pool(), count_primes, int(request.query["limit"]))
    return web.json_response({"primes": primes})


async def handle_archive(request: web.Request) -> web.Response:
    """hashlib and zlib release the GIL, so a worker thread is enough here."""
    body = await request.read()
    digest = await asyncio.to_thread(checksum, body)
    packed = await asyncio.to_thread(compress, body)
    return web.json_response({"sha256": digest, "compressed": len(packed)})


async def fetch_text(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as resp:
        return await resp.text()


async def fetch_sources_one_by_one(session: aiohttp.ClientSession, urls: list[str]) -> list[str]:
    """Awaits each download before starting the next: no overlap at all."""
    bodies = []
    for url in urls:
        resp = await session.get(url)
        bodies.append(await resp.text())
    return bodies


async def fetch_sources(session: aiohttp.ClientSession, urls: list[str]) -> list[str]:
    """All downloads in flight at once."""
    return await asyncio.gather(*(fetch_text(session, url) for url in urls))


async def handle_wordstats(request: web.Request) -> web.Response:
    """Top words over all the pages of a story."""
    async with aiohttp.ClientSession() as session:
        pages = await fetch_sources(session, request.query.getall("url"))
    loop = asyncio.get_running_loop()
    top = await loop.run_in_executor(cpu_pool(), word_histogram, "\n".join(pages))
    return web.json_response(top)


def make_app() -> web.Application:
    app = web.Application()
    # v1 routes stay until the mobile app migrates off them.
    app.router.add_get("/v1/preview", handle_preview)
    app.router.add_get("/v1/primes", handle_primes_inline)
    app.router.add_get("/preview", handle_preview_v2)
    app.router.add_get("/headlines", handle_headlines)
    app.router.add_get("/article", handle_article_v2)
    app.router.add_get("/primes", handle_primes)
    app.router.add_post("/archive", handle_archive)
    app.router.add_get("/wordstats", handle_wordstats)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=8080)
