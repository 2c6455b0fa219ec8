"""newsroom: crawls partner news sites, computes text statistics and serves them over HTTP."""
from .http_helpers import fetch_page
from .textstats import count_primes, word_histogram

__all__ = ["count_primes", "fetch_page", "word_histogram"]
