#!/usr/bin/env bash
# cpp_frontend.sh: boundwise's C++ analysis per translation unit vs. `clang-19 -fsyntax-only`
# on the same file with the same flags (the issue's target: at most 1.3x).
#
# Usage (from the repo root):  bench/cpp_frontend.sh [BOUNDWISE_BIN]   (default build/bin/boundwise)
# Environment: REPS=5 (runs per tool and file; the best wall time is shown), CLANG=clang-19.
#
# Each TU is analysed alone: `boundwise check --select BW5 --python-version 3.11 --exit-zero FILE
# -- FLAGS` (the whole run: startup, rules, parse, classify, report) against
# `clang-19 -fsyntax-only FLAGS FILE`. FLAGS = -std=c++17 and python3's include directory
# (pybind11 is Debian's, in /usr/include). Both run on one thread. The ratio is of CPU time
# (user + sys); the wall times of the same runs are shown too.
set -euo pipefail
BW=${1:-build/bin/boundwise}
REPS=${REPS:-5}
CLANG=${CLANG:-clang-19}
[ -x "$BW" ] || { echo "boundwise: not built ($BW)"; exit 1; }
command -v "$CLANG" >/dev/null || { echo "$CLANG not found"; exit 1; }
PYINC=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
FLAGS=(-std=c++17 "-I$PYINC")
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
FILES=(examples/newsroom/native/thumbs.cpp test/cpp/Inputs/linkage/filters.cpp test/cpp/BW503.cpp
       bench/inputs/pybind11_heavy.cpp)

# Best of REPS runs: CPU time (user + sys, from /usr/bin/time), which a busy machine disturbs
# far less than wall time, and the wall time of that same run.
best() {
  local best= wall=
  for _ in $(seq "$REPS"); do
    local out cpu
    /usr/bin/time -f '%U %S %e' -o "$TIMES" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$TIMES")
    cpu=$(echo "$out" | awk '{print $1 + $2}')
    if [ -z "$best" ] || [ "$(echo "$cpu < $best" | bc -l)" = 1 ]; then best=$cpu; wall=$(echo "$out" | awk '{print $3}'); fi
  done
  printf '%.2f %.2f\n' "$best" "$wall"
}

printf '%-22s %14s %14s %10s\n' "translation unit" "clang cpu (s)" "bw cpu (s)" "cpu ratio"
for f in "${FILES[@]}"; do
  read -r c cw < <(best "$CLANG" -fsyntax-only "${FLAGS[@]}" "$f")
  read -r b bw < <(best "$BW" check --select BW5 --python-version 3.11 --exit-zero -j 1 "$f" -- "${FLAGS[@]}")
  printf '%-22s %14s %14s %10.2f   (wall %ss vs %ss)\n' "$(basename "$f")" "$c" "$b" "$(echo "$b / $c" | bc -l)" "$cw" "$bw"
done
