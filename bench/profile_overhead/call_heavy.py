"""CPU-bound, call-heavy program for bench/profile_overhead.sh: millions of small Python calls
(helpers the static pass does not name) inside functions it names as CPU-bound, plus a
recursive function (the probe's worst case: every level goes through it until it retires)."""
import sys


def mix(a, b):
    return (a * 31 + b) % 1_000_003


def step(x, i):
    return mix(x, i) ^ (i & 7)


def crunch(n):
    total = 0
    for i in range(n):
        total = step(total, i)
    return total


def tree(depth):
    if depth == 0:
        return 1
    return tree(depth - 1) + tree(depth - 1)


def main(rounds):
    total = 0
    for _ in range(rounds):
        total += crunch(300_000)
        total += tree(14)
    print(total)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
