"""The main thread computes, then sleeps, while a thread of code the profiler does not probe
spins in Python (outside/spinner.py)."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "outside"))
import spinner  # noqa: E402


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def nap(seconds):
    time.sleep(seconds)


def main():
    with spinner.spinning():
        for _ in range(3):
            crunch(1_000_000)
        for _ in range(10):
            nap(0.02)
    print("contended done")


if __name__ == "__main__":
    main()
