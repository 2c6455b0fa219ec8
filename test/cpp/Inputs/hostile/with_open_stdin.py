#!/usr/bin/env python3
"""usage: with_open_stdin.py TIMEOUT COMMAND...

Runs COMMAND with a standard input that stays open and never sends anything (like an editor's
pipe to the language server), passing its output through; exit code 124 and a message when it
is still running after TIMEOUT seconds (it was reading that input)."""
import subprocess
import sys

proc = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE)
try:
    sys.exit(proc.wait(timeout=float(sys.argv[1])))
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
    print("with_open_stdin: timed out: the command waited for its standard input", file=sys.stderr)
    sys.exit(124)
