"""Call sites for --replay: a sleep (threads help), a loop (threads do not), a write (never
replayed without --allow-writes), and a call whose arguments cannot be pickled."""
import os
import sys
import tempfile
import threading
import time


def nap(seconds):
    time.sleep(seconds)


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def save(path, size):
    with open(path, "wb") as out:
        out.write(b"x" * size)
        out.flush()
        os.fsync(out.fileno())


def hold(lock, seconds):
    with lock:
        time.sleep(seconds)


def main():
    for _ in range(3):
        nap(0.05)
    for _ in range(2):
        crunch(200_000)
    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    for i in range(2):
        save(os.path.join(folder, f"blob{i}"), 4_000_000)
    lock = threading.Lock()
    for _ in range(2):
        hold(lock, 0.02)
    print("replay_me done")


if __name__ == "__main__":
    main()
