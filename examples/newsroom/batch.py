"""Nightly batch jobs: the prime-count CPU benchmark, archive checksums, top words.

Run the offline part with:  cd examples && python -m newsroom.batch
"""
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial

from .http_helpers import fetch_page
from .textstats import (
    checksum, compress, compression_ratio, count_primes, fib, is_prime, word_histogram,
)

BENCH_LIMITS = [150_000, 150_000, 150_000, 150_000]
SAMPLE_ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Council members said the budget funds schools, buses and the new library.\n\n"
)


def prime_load_sequential(limits: list[int]) -> list[int]:
    """Baseline: one limit after the other, on one core."""
    results = []
    for limit in limits:
        results.append(count_primes(limit))
    return results


def prime_load_threaded(limits: list[int]) -> list[int]:
    """Threads take turns holding the GIL: no faster than the baseline."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(count_primes, limits))


def prime_load(limits: list[int]) -> list[int]:
    """One process per core, each with its own interpreter and its own GIL."""
    with ProcessPoolExecutor() as pool:
        return list(pool.map(count_primes, limits))


def prime_flags_unchunked() -> list[bool]:
    """100 000 tiny tasks, each pickled, sent and answered on its own."""
    with ProcessPoolExecutor() as pool:
        return list(pool.map(is_prime, range(100_000)))


def prime_flags() -> list[bool]:
    """The same table in batches of 2 000 numbers per task."""
    with ProcessPoolExecutor() as pool:
        return list(pool.map(is_prime, range(100_000), chunksize=2_000))


def survey_levels_in_processes(levels: list[int]) -> list[float]:
    """Picks the archive's zlib level; the 50 MB sample is pickled once per level."""
    sample = b"x" * 50_000_000
    with ProcessPoolExecutor() as pool:
        futures = [pool.submit(compression_ratio, sample, level) for level in levels]
        return [future.result() for future in futures]


def survey_levels(levels: list[int], sample: bytes) -> list[float]:
    """zlib releases the GIL, so threads can share the one sample without copying it."""
    with ThreadPoolExecutor() as pool:
        return list(pool.map(partial(compression_ratio, sample), levels))


def checksum_archive(blobs: list[bytes]) -> dict[str, int]:
    """SHA-256 -> compressed size for every archived page, on threads."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        digests = pool.map(checksum, blobs)
        packed = pool.map(compress, blobs)
        return {digest: len(data) for digest, data in zip(digests, packed)}


def mirror_pages_in_processes(urls: list[str]) -> list[str]:
    """Eight processes that spend their whole life waiting on sockets."""
    with ProcessPoolExecutor(max_workers=8) as pool:
        return list(pool.map(fetch_page, urls))


def mirror_pages(urls: list[str]) -> list[str]:
    """Waiting needs no extra GIL: threads are enough and much cheaper."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(fetch_page, urls))


def top_words_lambda(articles: list[str]) -> list[list[tuple[str, int]]]:
    with ProcessPoolExecutor() as pool:
        return list(pool.map(lambda text: word_histogram(text, top=5), articles))


def top_words_nested(articles: list[str]) -> list[list[tuple[str, int]]]:
    def top5(text: str) -> list[tuple[str, int]]:
        return word_histogram(text, top=5)

    with ProcessPoolExecutor() as pool:
        return list(pool.map(top5, articles))


def top_words(articles: list[str]) -> list[list[tuple[str, int]]]:
    """A partial of a module-level function pickles fine."""
    with ProcessPoolExecutor() as pool:
        return list(pool.map(partial(word_histogram, top=5), articles))


def _timed(label: str, job, *args):
    start = time.perf_counter()
    result = job(*args)
    print(f"{label:<22} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    """A small offline run (a few seconds, no network): CPU, hashing and a local file."""
    print(f"calibration: fib(20) = {fib(20)}")
    _timed("primes, sequential", prime_load_sequential, BENCH_LIMITS)
    _timed("primes, 4 threads", prime_load_threaded, BENCH_LIMITS)
    _timed("primes, processes", prime_load, BENCH_LIMITS)
    blobs = [os.urandom(1 << 20) for _ in range(8)]
    _timed("checksums, threads", checksum_archive, blobs)
    _timed("zlib level survey", survey_levels, [1, 6, 9], b"x" * 4_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "article.txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write(SAMPLE_ARTICLE * 200)
        with open(path, encoding="utf-8") as src:
            articles = src.read().strip().split("\n\n")
    print(_timed("top words, processes", top_words, articles)[0])


if __name__ == "__main__":
    main()
