# Recursion as CPU evidence: recursing on a smaller number or a slice is computation; a walk
# over a data structure is linear in the data, like a loop over a collection, and is not.
# RUN: %boundwise check --select BW101 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"
from concurrent.futures import ThreadPoolExecutor


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def merge_sort(items):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    out = []
    while left and right:
        out.append(left.pop(0) if left[0] <= right[0] else right.pop(0))
    return out + left + right


def digits(n):
    return 0 if n == 0 else n % 10 + digits(n // 10)


def dump(node, level=0):
    # A tree walk: the depth grows, the data does not shrink by arithmetic.
    parts = [dump(child, level + 1) for child in node.children]
    return "  " * level + node.name + "".join(parts)


def total(node):
    if node is None:
        return 0
    return node.value + total(node.left) + total(node.right)


def run(nodes, trees):
    with ThreadPoolExecutor() as pool:
        a = list(pool.map(fib, [30] * 4))
# CHECK: BW101_recursion.py:[[@LINE-1]]:18: warning: `fib` is CPU-bound (cpu:python, holds the GIL){{.*}} [BW101]
# CHECK-NEXT: note: fib is recursive and does arithmetic
        b = list(pool.map(merge_sort, [list(range(1000))] * 4))
# CHECK: BW101_recursion.py:[[@LINE-1]]:18: warning: `merge_sort` is CPU-bound (cpu:python, holds the GIL){{.*}} [BW101]
# CHECK-NEXT: note: merge_sort is recursive and does arithmetic
        c = list(pool.map(digits, [10**50] * 4))
# CHECK: BW101_recursion.py:[[@LINE-1]]:18: warning: `digits` is CPU-bound (cpu:python, holds the GIL){{.*}} [BW101]
        d = list(pool.map(dump, nodes))
        e = list(pool.map(total, trees))
    return a, b, c, d, e

# CHECK: Found 3 findings
