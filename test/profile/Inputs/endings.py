"""Ways a program ends: measured data must survive every one of them."""
import os
import signal
import sys
import time


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def main():
    crunch(200_000)
    how = sys.argv[1]
    if how == "exception":
        raise RuntimeError("the program failed on purpose")
    if how == "exit3":
        print("leaving with 3")
        sys.exit(3)
    if how == "sigterm":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    if how == "sigint":
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    if how == "hang":
        print("hanging", flush=True)
        while True:
            time.sleep(0.05)


if __name__ == "__main__":
    main()
