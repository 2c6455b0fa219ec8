"""Pure-Python work in a module that imports a single-phase-init extension."""
import singlephase


def spin(n):
    total = 0
    for k in range(n):
        total += k * k % 7
    return singlephase.twice(total)
