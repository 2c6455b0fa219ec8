"""Work done in child processes: subprocess, multiprocessing (spawn, fork, forkserver), and a
child that leaves with os._exit (no atexit, no flush)."""
import multiprocessing
import os
import subprocess
import sys


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def leave_hard(n):
    crunch(n)
    os._exit(0)


def main():
    how = sys.argv[1]
    if how == "subprocess":
        subprocess.run([sys.executable, __file__, "inline"], check=True)
    elif how == "inline":
        crunch(300_000)
    elif how == "os_exit":
        child = multiprocessing.get_context("fork").Process(target=leave_hard, args=(300_000,))
        child.start()
        child.join()
        print("child exit code", child.exitcode)
    else:
        with multiprocessing.get_context(how).Pool(2) as pool:
            print(how, sum(pool.map(crunch, [300_000] * 4)))


if __name__ == "__main__":
    main()
