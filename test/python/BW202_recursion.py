# Regressions for BW202: recursion as CPU evidence in coroutines.
# RUN: %boundwise check --select BW202 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
import asyncio


async def chain(queue, loop, n):
    # Schedules the next link as a task: that coroutine runs later, on the loop, not inside
    # this one (asyncio/staggered.py does this). Not recursion.
    item = await queue.get()
    if n > 0:
        loop.create_task(chain(queue, loop, n - 1))
    return item * 2 + n


async def relay(n):
    # The same through a variable: the coroutine object is built here and run elsewhere.
    coro = relay(n - 1) if n else None
    await asyncio.sleep(0)
    return coro, n * 3


async def depth(n):
    # Awaiting its own coroutine runs it right here: real recursion, the loop gets no turn.
    if n == 0:
        return 0
    return await depth(n - 1) + n * 2
# CHECK: BW202_recursion.py:[[@LINE-5]]:1: warning: this recursion is CPU-bound (depth is recursive and does arithmetic) and runs inside `async def depth`{{.*}} [BW202]


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


async def handler(n):
    return fib(n) + 1
# CHECK: BW202_recursion.py:[[@LINE-1]]:12: warning: `fib` is CPU-bound (cpu:python) and runs inside `async def handler`{{.*}} [BW202]

# CHECK: Found 2 findings
