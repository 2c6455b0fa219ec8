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


async def drain(batches, stream):
    total = 0
    for size in (10, 20):
        async for chunk in stream:
            total += len(chunk) * size
    return total


async def nested_async_comprehension(asynciter):
    # Each `async for` clause awaits its iterator: the comprehensions around it yield too.
    return [[[i + j + k async for i in asynciter([1, 2])]
             for j in [10, 20]]
            for k in [100, 200]]


async def sync_work_between_awaits(stream, n):
    total = 0
    async for i in stream:
        for j in range(n):
            total += i * j
# CHECK: BW202_awaiting_loops.py:[[@LINE-2]]:9: warning: this loop is CPU-bound (nested loops over stream and range(n) with arithmetic) and runs inside `async def sync_work_between_awaits`{{.*}} [BW202]
    return total

# CHECK: Found 2 findings
