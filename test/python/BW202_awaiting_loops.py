# Regressions for BW202: a loop that awaits on every iteration gives the event loop its turn.
# RUN: %boundwise check --select BW202 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"


async def consume(reader, n):
    total = 0
    for i in range(n):
        chunk = await reader.read(1024)
        total += len(chunk) * i
    return total


async def spin(n):
    total = 0
    for i in range(n):
        total += i * i
# CHECK: BW202_awaiting_loops.py:[[@LINE-2]]:5: warning: this loop is CPU-bound (loop over range(n) with arithmetic) and runs inside `async def spin`{{.*}} [BW202]
    return total

# CHECK: Found 1 finding


async def drain(batches, stream):
    total = 0
    for size in (10, 20):
        async for chunk in stream:
            total += len(chunk) * size
    return total
