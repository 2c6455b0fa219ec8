import json


def checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def parse_all(blobs):
    return [json.loads(b) for b in blobs]
