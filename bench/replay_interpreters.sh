#!/bin/sh
# `boundwise profile --replay` of a CPU-bound pure-Python function (test/profile/Inputs/
# interpreters/crunch.py) under each given Python: the scaling rows at every worker count,
# sub-interpreters included on 3.12+, with the machine's load before and after. Speedups mean
# little when the load is above the core count (the replay says so).
#
#   bench/replay_interpreters.sh [BOUNDWISE] [WORKERS] PYTHON...
#   bench/replay_interpreters.sh build/bin/boundwise 1,2 ~/.pyenv/versions/3.13.0/bin/python3.13
set -eu
here=$(cd "$(dirname "$0")" && pwd)
boundwise=$(realpath "${1:-$here/../build/bin/boundwise}")
workers=${2:-1,2}
shift 2 || shift $#
[ $# -gt 0 ] || set -- python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/../test/profile/Inputs/interpreters/crunch.py" "$work/"
cd "$work"
for python in "$@"; do
  echo "== $python ($("$python" -c 'import sys; print(sys.version.split()[0])')), $(nproc) cores, load before: $(cut -d' ' -f1 /proc/loadavg)"
  "$boundwise" profile --replay --workers "$workers" --source crunch.py -o report.json -- "$python" crunch.py > /dev/null 2>&1
  python3 - report.json <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
site = next(s for s in doc["call_sites"] if s["callee"].endswith("crunch") and "scaling" in s)
for row in site["scaling"]:
    print(f"  {row['mode']:<13} {row['workers']:>2} {row['seconds']:8.3f} s {row['speedup']:6.2f}x")
if site.get("replay_note"):
    print("  " + site["replay_note"])
print("  use:", site["measured"].get("measured_recommendation"))
PY
  echo "  load after: $(cut -d' ' -f1 /proc/loadavg)"
done
