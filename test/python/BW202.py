# RUN: %boundwise check --select BW202 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
# RUN: %boundwise check --select BW202 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON
# RUN: sed -e 's/# boundwise: ignore\[BW202\]//' -e 's/# noqa: BW202//' %s > %t.py
# RUN: %boundwise check --select BW202 --exit-zero %t.py | %FileCheck %s --check-prefix=UNSUPPRESSED

# An upload service whose handlers compute on the event loop, next to the fixed forms.

import asyncio
import hashlib
import json
import zlib
from concurrent.futures import ProcessPoolExecutor


def similarity_matrix(vectors):
    n = len(vectors)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            matrix[i][j] = sum(a * b for a, b in zip(vectors[i], vectors[j]))
    return matrix


def count_primes(limit):
    count = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    return count


def build_report(vectors):
    matrix = similarity_matrix(vectors)
    return {"size": len(matrix), "trace": sum(matrix[i][i] for i in range(len(matrix)))}


def render_summary(stats):
    return ", ".join(f"{key}={value}" for key, value in stats.items())


# --- CPU work on the event loop (must fire) --------------------------------------------------------

async def handle_upload(request):
    body = await request.read()
    vectors = await request.json()
    matrix = similarity_matrix(vectors)
# CHECK: BW202.py:[[@LINE-1]]:14: warning: `similarity_matrix` is CPU-bound (cpu:python) and runs inside `async def handle_upload`: no other task runs until it finishes [BW202]
# CHECK-NEXT: BW202.py:[[@LINE-2]]:14: note: calls similarity_matrix ({{.*}}BW202.py:15)
# CHECK-NEXT: BW202.py:19:9: note: nested loops over range(n) and range(n) with arithmetic
# CHECK-NEXT: = recommendation: processes
# CHECK-NEXT: = help: await loop.run_in_executor(process_pool, func, ...) with a ProcessPoolExecutor
    blob = zlib.compress(body, 9)
# CHECK: BW202.py:[[@LINE-1]]:12: warning: `zlib.compress` is CPU-bound (cpu:native-nogil) and runs inside `async def handle_upload`: no other task runs until it finishes [BW202]
# CHECK-NEXT: note: zlib.compress: cpu:native-nogil, releases the GIL (rule rules/python/cpu_native.yaml:{{[0-9]+}})
# CHECK-NEXT: = recommendation: threads
# CHECK-NEXT: = help: await asyncio.to_thread(...): this native code releases the GIL
    return blob, matrix


async def checksum(request):
    data = await request.read()
    acc = 0
    for i in range(len(data)):
# CHECK: BW202.py:[[@LINE-1]]:5: warning: this loop is CPU-bound (loop over range(len(data)) with arithmetic) and runs inside `async def checksum`: no other task runs until it finishes [BW202]
# CHECK-NEXT: note: loop over range(len(data)) with arithmetic
# CHECK-NEXT: = recommendation: processes
        acc = (acc * 31 + data[i]) % 1_000_003
    return acc


async def warm_up():
    total = 0
    for i in range(2_000_000):
# CHECK: BW202.py:[[@LINE-1]]:5: warning: this loop is CPU-bound (loop over range(2_000_000) with arithmetic (~2000000 iterations)) and runs inside `async def warm_up`{{.*}} [BW202]
        total += i * i
    return total


async def prime_count(request):
    limit = int(request.query["limit"])
    return count_primes(limit)
# CHECK: BW202.py:[[@LINE-1]]:12: warning: `count_primes` is CPU-bound (cpu:python) and runs inside `async def prime_count`{{.*}} [BW202]


async def report(request):
    vectors = await request.json()
    return build_report(vectors)
# CHECK: BW202.py:[[@LINE-1]]:12: warning: `build_report` is CPU-bound (cpu:python) and runs inside `async def report`{{.*}} [BW202]
# CHECK-NEXT: BW202.py:[[@LINE-2]]:12: note: calls build_report ({{.*}}BW202.py:32)
# CHECK-NEXT: BW202.py:33:14: note: calls similarity_matrix ({{.*}}BW202.py:15)
# CHECK-NEXT: BW202.py:19:9: note: nested loops over range(n) and range(n) with arithmetic


async def register(password: bytes, salt: bytes):
    return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)
# CHECK: BW202.py:[[@LINE-1]]:12: warning: `hashlib.pbkdf2_hmac` is CPU-bound (cpu:native-nogil) and runs inside `async def register`{{.*}} [BW202]


async def archive(blob: bytes):
    return zlib.compress(blob)  # boundwise: ignore[BW202]
# UNSUPPRESSED: BW202.py.tmp.py:[[@LINE-1]]:12: warning: `zlib.compress` is CPU-bound (cpu:native-nogil) and runs inside `async def archive`


async def prime_count_small():
    return count_primes(1_000)  # noqa: BW202
# UNSUPPRESSED: BW202.py.tmp.py:[[@LINE-1]]:12: warning: `count_primes` is CPU-bound (cpu:python) and runs inside `async def prime_count_small`


# --- correct code (must stay quiet) -----------------------------------------------------------------

async def handle_upload_fixed(request, process_pool: ProcessPoolExecutor):
    body = await request.read()
    vectors = await request.json()
    loop = asyncio.get_running_loop()
    matrix = await loop.run_in_executor(process_pool, similarity_matrix, vectors)
    blob = await asyncio.to_thread(zlib.compress, body, 9)
    return blob, matrix


async def prime_count_fixed(request, process_pool: ProcessPoolExecutor):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(process_pool, count_primes, int(request.query["limit"]))


async def status(request):
    payload = json.loads(await request.text())
    weight = 0
    for factor in [1, 2, 3]:
        weight += factor * 2
    return render_summary(payload), weight


async def etag(body: bytes):
    return hashlib.sha256(body).hexdigest()


async def cooperative_sum(n):
    total = 0
    for i in range(n):
        await asyncio.sleep(0)
        total += i * i
    return total


def offline_report(vectors):
    return build_report(vectors)


# CHECK: Found 7 findings

# JSON: "findings": [
# JSON: "code": "BW202",
# JSON-NEXT: "name": "cpu-bound-work-in-async",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW202.py",
# JSON-NEXT: "line": 46,
# JSON-NEXT: "column": 14,
# JSON: "message": "`similarity_matrix` is CPU-bound (cpu:python) and runs inside `async def handle_upload`: no other task runs until it finishes",
# JSON-NEXT: "workload": "cpu",
# JSON-NEXT: "recommendation": "processes",
# JSON: "code": "BW202",
# JSON-NEXT: "name": "cpu-bound-work-in-async",
# JSON-NEXT: "severity": "warning",
# JSON-NEXT: "path": "{{.*}}BW202.py",
# JSON-NEXT: "line": 52,
# JSON-NEXT: "column": 12,
# JSON: "message": "`zlib.compress` is CPU-bound (cpu:native-nogil) and runs inside `async def handle_upload`: no other task runs until it finishes",
# JSON-NEXT: "workload": "cpu",
# JSON-NEXT: "recommendation": "threads",
