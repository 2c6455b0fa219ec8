"""CPU-bound pure Python: one sub-interpreter per worker runs it in parallel (own GIL). With
`legacy`, the same work from a module that imports a single-phase-init extension."""
import sys


def crunch(n):
    total = 0
    for k in range(n):
        total += k * k % 7
    return total


def main():
    for _ in range(3):
        crunch(150_000)
    if "legacy" in sys.argv[1:]:
        import legacy

        for _ in range(3):
            legacy.spin(150_000)
    print("crunch done")


if __name__ == "__main__":
    main()
