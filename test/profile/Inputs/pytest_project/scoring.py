"""What the tests exercise: one function that computes, one that waits."""
import time


def crunch(n):
    total = 0
    for k in range(n):
        total += k * k % 7
    return total


def nap(seconds):
    time.sleep(seconds)
    return seconds
