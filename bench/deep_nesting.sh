#!/usr/bin/env bash
# deep_nesting.sh: `boundwise check` on files nested 50,000 deep (lists, parentheses, lambdas,
# comprehensions, calls), each against a flat file of the same size, to show that time and
# memory stay linear in the input (issue 18: no quadratic copies, no stack overflow).
#
# Usage (from the repo root):  bench/deep_nesting.sh [BOUNDWISE_BIN]   (default build/bin/boundwise)
# Environment: N=50000 (nesting depth), REPS=3 (runs per file; the best wall time is shown,
# with the peak RSS of that run).
#
# Each deep file is `import time`, one line `x = <construct nested N deep>`, and a coroutine
# with a blocking `time.sleep` (the finding must still be reported). Its flat counterpart has
# the same number of bytes in lines of `v = f(a, b)`: ordinary code of the same size.
# `boundwise check --exit-zero -j 1 --python-version 3.11 FILE` runs under `/usr/bin/time -v`; a crash is shown as
# such. Lambdas and comprehensions deeper than 1000 contexts are reported and left out
# (docs/performance.md, "Pathological files"): their rows show what the rest costs.
set -euo pipefail
BW=${1:-build/bin/boundwise}
N=${N:-50000}
REPS=${REPS:-3}
[ -x "$BW" ] || { echo "boundwise: not built ($BW)"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (Debian package: time)"; exit 1; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

python3 - "$DIR" "$N" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
deep = {
    "lists": "[" * n + "]" * n,
    "parens": "(" * n + "1" + ")" * n,
    "lambdas": "lambda: " * n + "0",
    "comprehensions": "[y for y in " * n + "z" + "]" * n,
    "calls": "f(" * n + ")" * n,
}
tail = "\nasync def handler():\n    time.sleep(1)\n"
for kind, construct in deep.items():
    text = "import time\nx = " + construct + "\n" + tail
    open(f"{out}/{kind}.py", "w").write(text)
    line = "v = f(a, b)\n"
    flat = "import time\n" + line * ((len(text) - 12 - len(tail)) // len(line))
    flat += "#" * (len(text) - len(flat) - len(tail) - 1) + "\n" + tail
    open(f"{out}/flat_{kind}.py", "w").write(flat)
PY

# Best wall time of REPS runs, with that run's peak RSS: "SECONDS KIB STATUS".
measure() {
  local best= rss= status=
  for _ in $(seq "$REPS"); do
    /usr/bin/time -v -o "$DIR/time.txt" "$BW" check --exit-zero -j 1 --python-version 3.11 -o /dev/null "$1" >/dev/null 2>&1 || true
    local wall kib st
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$DIR/time.txt")
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
    if grep -q 'terminated by signal' "$DIR/time.txt"; then st="crash($(grep -o 'signal [0-9]*' "$DIR/time.txt"))"; else st=ok; fi
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; rss=$kib; status=$st; fi
  done
  echo "$best $rss $status"
}

printf '%-15s %9s %9s %9s %10s %10s %8s %8s  %s\n' input "size KB" "deep s" "flat s" "deep MiB" "flat MiB" "time x" "RSS x" status
for kind in lists parens lambdas comprehensions calls; do
  read -r dwall drss dstatus < <(measure "$DIR/$kind.py")
  read -r fwall frss _ < <(measure "$DIR/flat_$kind.py")
  size=$(( $(stat -c %s "$DIR/$kind.py") / 1024 ))
  awk -v k="$kind" -v sz="$size" -v dw="$dwall" -v fw="$fwall" -v dr="$drss" -v fr="$frss" -v st="$dstatus" 'BEGIN {
    printf "%-15s %9d %9.2f %9.2f %10.1f %10.1f %8.2f %8.2f  %s\n", k, sz, dw, fw, dr / 1024, fr / 1024,
           (fw > 0 ? dw / fw : 0), (fr > 0 ? dr / fr : 0), st }'
done
