"""Text statistics and the CPU reference workloads used by the batch jobs.

count_primes, is_prime, fib and word_histogram are pure Python: they hold the GIL.
checksum and compress spend their time in hashlib / zlib, which release the GIL.
"""
import hashlib
import re
import zlib

_WORD = re.compile(r"[a-z']+")


def count_primes(limit: int) -> int:
    """Count the primes below `limit` by trial division (our standard CPU load test)."""
    count = 0
    for n in range(2, limit):
        for d in range(2, int(n ** 0.5) + 1):
            if n % d == 0:
                break
        else:
            count += 1
    return count


def is_prime(n: int) -> bool:
    """Primality of one number (cheap: one call is far less work than a task round trip)."""
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))


def fib(n: int) -> int:
    """Naive recursive Fibonacci, the calibration workload of the benchmark job."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def word_histogram(text: str, top: int = 20) -> list[tuple[str, int]]:
    """The `top` most frequent words of an article."""
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda item: item[1], reverse=True)[:top]


def checksum(blob: bytes) -> str:
    """SHA-256 of an archived page (hashlib releases the GIL on large buffers)."""
    return hashlib.sha256(blob).hexdigest()


def compress(blob: bytes, level: int = 6) -> bytes:
    """zlib-compress an archived page (zlib releases the GIL while it works)."""
    return zlib.compress(blob, level)


def compression_ratio(sample: bytes, level: int) -> float:
    """Compressed size / original size of `sample` at one zlib level."""
    return len(zlib.compress(sample, level)) / len(sample)
