#!/bin/sh
# Overhead of `boundwise profile` (no replay) on a CPU-bound, call-heavy program
# (bench/profile_overhead/call_heavy.py) against plain python3: interleaved runs, median ratio
# of each pair, wall and CPU time. The target (DESIGN.md) is a median ratio of 1.05 or less.
#
#   [PYTHON=/path/to/python3.12] bench/profile_overhead.sh [BOUNDWISE] [PAIRS] [ROUNDS]
# PYTHON: the interpreter to measure (default python3): 3.12+ measures through sys.monitoring.
# ROUNDS sets the program's length (40: several seconds on a quiet core).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/profile_overhead/measure.py" "${1:-$here/../build/bin/boundwise}" "${2:-7}" "${3:-40}" \
  "$here/profile_overhead/call_heavy.py"
