#!/usr/bin/env python3
"""usage: endless_header.py MEBIBYTES MAX_RSS_MEBIBYTES -- SERVER-COMMAND...

Writes MEBIBYTES of 'a' without a newline to the server's standard input (a header line that
never ends), then closes it; prints the server's exit code and whether its peak RSS stayed
under MAX_RSS_MEBIBYTES."""
import resource
import subprocess
import sys


def main(argv):
    split = argv.index("--")
    size, limit = int(argv[0]), int(argv[1])
    proc = subprocess.Popen(argv[split + 1:], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    chunk = b"a" * (1 << 20)
    try:
        for _ in range(size):
            proc.stdin.write(chunk)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    code = proc.wait(timeout=60)
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print("exit code: %d" % code)
    print("peak RSS %s %d MiB" % ("under" if rss_mib < limit else "OVER", limit))


if __name__ == "__main__":
    main(sys.argv[1:])
