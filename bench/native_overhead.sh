#!/usr/bin/env bash
# native_overhead.sh: what `boundwise profile` costs a native program (issue 6).
#
# Usage (from the repo root, after `make build`):
#   bench/native_overhead.sh [BOUNDWISE_BIN]      default build/bin/boundwise
# Environment: REPS=7 (pairs of runs), CXX=g++.
#
# Two programs are built here with $CXX -g -O2:
#   cpu-bound      a numeric loop split over a few functions, ~1.5 s, no system calls
#   syscall-heavy  600 000 small write()/read() calls on a pipe (every one is timed and its
#                  stack unwound by the preload library: the worst case)
# Each is run REPS times plainly and REPS times under `boundwise profile -q -o JSON --`,
# interleaved (plain, profiled, plain, ...) so that a noisy neighbour hits both alike.
# Printed per program, as medians over the pairs:
#   program wall ratio   the program's own wall time under the profiler (fork to exit, from
#                        the JSON's profile.wall_s) / plain wall time      <- the overhead
#   program cpu ratio    user+sys CPU of the profiled program / plain
#   end-to-end ratio     the whole `boundwise profile` command (with symbolization) / plain
# Target (docs/performance.md): program wall ratio <= 1.05 for the CPU-bound program.
# Exit status 0 when everything ran (a missed target is a figure, not a failure), 1 otherwise.
set -euo pipefail

BW=${1:-build/bin/boundwise}
REPS=${REPS:-7}
CXX=${CXX:-g++}
[[ -x $BW ]] || { echo "native_overhead: $BW is not built (make build)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bw-native-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/cpu_bound.cpp" <<'CPP'
#include <cstdio>
__attribute__((noinline)) static double mix(double x, long i) { return x * 1.0000001 + double(i % 13); }
__attribute__((noinline)) static double inner(long n) {
  double x = 0;
  for (long i = 0; i < n; ++i) x = mix(x, i);
  return x;
}
int main() {
  double total = 0;
  for (int round = 0; round < 20; ++round) total += inner(15000000 + round);
  std::printf("%g\n", total);
  return 0;
}
CPP
cat > "$WORK/syscall_heavy.cpp" <<'CPP'
#include <unistd.h>
#include <cstdio>
int main() {
  int p[2];
  if (pipe(p) != 0) return 1;
  char buf[64] = {0};
  long total = 0;
  for (int i = 0; i < 300000; ++i) {
    if (write(p[1], buf, sizeof buf) != sizeof buf) return 1;
    total += read(p[0], buf, sizeof buf);
  }
  std::printf("%ld\n", total);
  return 0;
}
CPP
"$CXX" -g -O2 "$WORK/cpu_bound.cpp" -o "$WORK/cpu-bound"
"$CXX" -g -O2 "$WORK/syscall_heavy.cpp" -o "$WORK/syscall-heavy"

# run_timed OUT CMD...: appends "wall user sys" of CMD to OUT.
run_timed() {
  local out=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/t" "$@" > /dev/null 2>> "$WORK/stderr" || {
    echo "native_overhead: '$*' failed:" >&2; cat "$WORK/stderr" >&2; exit 1; }
  cat "$WORK/t" >> "$out"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-14s %6s %10s %10s %10s %10s %10s\n' program reps "plain s" "profiled s" "wall x" "cpu x" "end2end x"
for prog in cpu-bound syscall-heavy; do
  : > "$WORK/plain"; : > "$WORK/prof"; : > "$WORK/inner"
  for ((r = 0; r < REPS; ++r)); do
    run_timed "$WORK/plain" "$WORK/$prog"
    run_timed "$WORK/prof" "$BW" profile -q -o "$WORK/p.json" -- "$WORK/$prog"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["profile"]; c=sum(x["cpu_s"] for x in p["processes"]); print(p["wall_s"], c)' \
      "$WORK/p.json" >> "$WORK/inner"
  done
  # Pairwise ratios, then their median.
  wall=$(paste "$WORK/plain" "$WORK/inner" | awk '{print $4 / $1}' | median)
  cpu=$(paste "$WORK/plain" "$WORK/inner" | awk '{print $5 / ($2 + $3 > 0 ? $2 + $3 : 0.01)}' | median)
  e2e=$(paste "$WORK/plain" "$WORK/prof" | awk '{print $4 / $1}' | median)
  plain=$(awk '{print $1}' "$WORK/plain" | median)
  prof=$(awk '{print $1}' "$WORK/inner" | median)
  printf '%-14s %6d %10.3f %10.3f %10.3f %10.3f %10.3f\n' "$prog" "$REPS" "$plain" "$prof" "$wall" "$cpu" "$e2e"
done
