from concurrent.futures import ProcessPoolExecutor

from app.service import crawl

POOL = ProcessPoolExecutor()
print(crawl(["https://example.com"]))
