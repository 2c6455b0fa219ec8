"""A program that forks a worker that would run forever, then works in the parent."""
import os
import sys
import time


def work():
    time.sleep(0.05)


def main():
    pid = os.fork()
    if pid == 0:
        with open(sys.argv[1], "w") as f:
            f.write(str(os.getpid()))
        while True:
            time.sleep(0.05)
    for _ in range(2000):
        work()
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
