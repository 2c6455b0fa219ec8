#!/usr/bin/env bash
# corpus_bench.sh: boundwise vs. its floor (one-thread tree-sitter parse) vs.
# ruff's flake8-async rules, on CPython's own library and tests.
#
# Usage (from the repo root):
#   bench/corpus_bench.sh [BOUNDWISE_BIN] [BUILD_DIR]
#     BOUNDWISE_BIN  default build/bin/boundwise (if missing: "boundwise: not built",
#                    and the other two are still measured)
#     BUILD_DIR      default build; needs BUILD_DIR/bin/bw_parse_only (built here
#                    with cmake --build if BUILD_DIR is a configured CMake tree)
#
# Environment knobs:
#   PYTHON=python3            whose stdlib is the corpus (site-packages excluded)
#   REPS=3                    runs per tool and subset (median wall time is shown)
#   BW_TIMEOUT=1800           seconds before a single run counts as a hang
#   RUFF_WASM_VERSION=0.17.3  @astral-sh/ruff-wasm-nodejs version installed
#   PARSE_ONLY_BIN=...        default BUILD_DIR/bin/bw_parse_only
#   RUFF_NODE_FLAGS=          extra node flags for the ruff runs (default none:
#                             node as shipped), e.g. --liftoff-only
#
# Corpus: every *.py under `$PYTHON -c 'import sysconfig;
# print(sysconfig.get_paths()["stdlib"])'`, without site-packages/dist-packages,
# sorted. Subsets: 25 % = every 4th file, 50 % = every 2nd, 100 % = all.
# For each of REPS rounds, each subset runs, in turn:
#   parse-only  BUILD_DIR/bin/bw_parse_only --files-from LIST
#   boundwise   BOUNDWISE_BIN check --exit-zero --python-version X.Y -o TEXT --files-from LIST
#               (the default text report, as a user or CI runs it; ruff's figure is
#               likewise its diagnostics only). One extra run at the end writes the
#               full JSON (every function and call site, ~40 MB at 100 %): its time is
#               shown apart, and the findings summary is read from it.
#   ruff        node bench/ruff_async.mjs (ruff wasm, select = ["ASYNC"], one
#               Workspace.check per file)
# each under /usr/bin/time -f '%e %M' (wall s, peak RSS KiB) and `timeout`.
# ruff runs in a fresh node process each time, so its figure includes V8's
# warm-up (tiering the 10 MB wasm module up); one extra run at the end checks
# the 100 % list three times in one process to show its warm speed as well.
# boundwise's reports go to BUILD_DIR/bench-out/ (not /dev/null); all outputs, stderr
# and timings stay there.
#
# Exit status: 0 when everything ran, even if a figure misses its target (this is
# a benchmark, not a test). 1 when something failed to run: parse-only or ruff
# failed, boundwise crashed, hung (timeout), exited with a code other than 0/2,
# or wrote JSON that does not parse. boundwise exit 2 (some file failed; the
# files are named on its stderr, printed here) is reported but is not a failure
# to run.

set -euo pipefail

die() { echo "corpus_bench: $*" >&2; exit 1; }

abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

BW_BIN=$(abspath "${1:-build/bin/boundwise}")
BUILD_DIR=$(abspath "${2:-build}")
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}
REPS=${REPS:-3}
BW_TIMEOUT=${BW_TIMEOUT:-1800}
RUFF_WASM_VERSION=${RUFF_WASM_VERSION:-0.17.3}
PARSE_ONLY_BIN=$(abspath "${PARSE_ONLY_BIN:-$BUILD_DIR/bin/bw_parse_only}")
NODE_DIR="$BUILD_DIR/bench-node"
RUFF_PKG="@astral-sh/ruff-wasm-nodejs"
OUT="$BUILD_DIR/bench-out"
SUBSETS=(25 50 100)
read -r -a NODE_FLAGS <<<"${RUFF_NODE_FLAGS:-}"

case "$REPS" in ''|*[!0-9]*|0) die "REPS must be a positive integer" ;; esac
for tool in /usr/bin/time timeout node npm "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool"
done

FAILED=0   # set to 1 when something failed to run

# ---------------------------------------------------------------- tools
if [[ ! -x "$PARSE_ONLY_BIN" ]]; then
  if [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    echo "building bw_parse_only in $BUILD_DIR ..."
    cmake --build "$BUILD_DIR" --target bw_parse_only >/dev/null \
      || die "cmake --build '$BUILD_DIR' --target bw_parse_only failed"
  fi
  [[ -x "$PARSE_ONLY_BIN" ]] || die "no $PARSE_ONLY_BIN: configure and build first (cmake -S . -B '$BUILD_DIR' && cmake --build '$BUILD_DIR')"
fi

HAVE_BW=1
if [[ ! -x "$BW_BIN" ]]; then
  HAVE_BW=0
  echo "boundwise: not built ($BW_BIN)"
fi

ruff_pkg_json="$NODE_DIR/node_modules/$RUFF_PKG/package.json"
have_ruff_version() {
  [[ -f "$ruff_pkg_json" ]] &&
    [[ "$("$PYTHON" -c 'import json,sys;print(json.load(open(sys.argv[1]))["version"])' "$ruff_pkg_json")" == "$RUFF_WASM_VERSION" ]]
}
if ! have_ruff_version; then
  echo "installing $RUFF_PKG@$RUFF_WASM_VERSION into $NODE_DIR ..."
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
    "$RUFF_PKG@$RUFF_WASM_VERSION" >/dev/null || die "npm install $RUFF_PKG failed"
  have_ruff_version || die "$RUFF_PKG@$RUFF_WASM_VERSION not found in $NODE_DIR after npm install"
fi

# ---------------------------------------------------------------- corpus
rm -rf "$OUT"
mkdir -p "$OUT/runs"

STDLIB=$("$PYTHON" -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')
[[ -d "$STDLIB" ]] || die "stdlib '$STDLIB' is not a directory"
PY_VERSION=$("$PYTHON" -c 'import sys;print("%d.%d.%d" % sys.version_info[:3])')
RUFF_TARGET=$("$PYTHON" -c 'import sys;print("py%d%d" % sys.version_info[:2])')
# Both tools are told the target Python, as a project's configuration would (ruff's
# target-version, boundwise's python-version). Without it boundwise asks the python3 on PATH,
# which through a pyenv shim costs about 0.35 s of CPU per run (docs/performance.md).
BW_TARGET=$("$PYTHON" -c 'import sys;print("%d.%d" % sys.version_info[:2])')

# Writes OUT/files-{25,50,100}.txt and OUT/lines-{25,50,100}.txt (line counts
# as wc -l counts them).
"$PYTHON" - "$STDLIB" "$OUT" <<'PY'
import os, sys
root, out = sys.argv[1], sys.argv[2]
skip = {"site-packages", "dist-packages", "__pycache__"}
files = []
for d, dirs, names in os.walk(root):
    dirs[:] = [x for x in dirs if x not in skip]
    files += [os.path.join(d, n) for n in names if n.endswith(".py")]
files.sort()
if not files:
    sys.exit("corpus_bench: no .py files under " + root)
lines = {}
for f in files:
    with open(f, "rb") as fh:
        lines[f] = fh.read().count(b"\n")
for pct, step in ((25, 4), (50, 2), (100, 1)):
    sub = files[::step]
    with open(os.path.join(out, "files-%d.txt" % pct), "w") as fh:
        fh.writelines(p + "\n" for p in sub)
    with open(os.path.join(out, "lines-%d.txt" % pct), "w") as fh:
        fh.write("%d\n" % sum(lines[p] for p in sub))
PY

declare -A NFILES NLINES
for s in "${SUBSETS[@]}"; do
  NFILES[$s]=$(wc -l <"$OUT/files-$s.txt")
  NLINES[$s]=$(cat "$OUT/lines-$s.txt")
done

echo "corpus:    $STDLIB (python $PY_VERSION), ${NFILES[100]} files, ${NLINES[100]} lines"
echo "machine:   $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "ruff:      $RUFF_PKG@$RUFF_WASM_VERSION (node $(node --version)${NODE_FLAGS[*]:+ ${NODE_FLAGS[*]}}), select ASYNC, target-version $RUFF_TARGET"
if [[ $HAVE_BW == 1 ]]; then
  echo "boundwise: $BW_BIN ($(timeout 10 "$BW_BIN" --version 2>/dev/null | head -n1 || true))"
fi
echo "runs:      $REPS per tool and subset, interleaved; outputs in $OUT"
echo

# Warm the page cache so that no tool pays for the first read from disk.
tr '\n' '\0' <"$OUT/files-100.txt" | xargs -0 cat >/dev/null \
  || die "cannot read every file of the corpus"

# ---------------------------------------------------------------- runs
# run_timed TAG CMD... : runs CMD with stdout/stderr to OUT/runs/TAG.{out,err};
# OUT/runs/TAG.time gets "wall_s peak_rss_kib"; the exit code goes to RC.
RC=0
run_timed() {
  local tag=$1; shift
  local tf="$OUT/runs/$tag.tf"
  RC=0
  /usr/bin/time -o "$tf" -f '%e %M' timeout -k 10 "$BW_TIMEOUT" "$@" \
    >"$OUT/runs/$tag.out" 2>"$OUT/runs/$tag.err" || RC=$?
  tail -n 1 "$tf" >"$OUT/runs/$tag.time"
}

report_failure() {  # report_failure WHAT TAG RC
  local what=$1 tag=$2 rc=$3 why="exit code $3"
  if [[ $rc == 124 || $rc == 137 ]]; then why="timed out after ${BW_TIMEOUT}s (hang?)"
  elif (( rc > 128 )); then why="killed by signal $((rc - 128))"; fi
  rm -f "$OUT/runs/$tag.time"   # a failed run gives no figure
  echo "FAILED: $what: $why; stderr ($OUT/runs/$tag.err):" >&2
  tail -n 20 "$OUT/runs/$tag.err" | sed 's/^/  /' >&2
  FAILED=1
}

declare -A SHOWN_ERR
for ((rep = 1; rep <= REPS; rep++)); do
  for s in "${SUBSETS[@]}"; do
    list="$OUT/files-$s.txt"
    echo "round $rep/$REPS, $s %: parse-only ..."
    run_timed "parse-$s-$rep" "$PARSE_ONLY_BIN" --files-from "$list"
    [[ $RC == 0 ]] || report_failure "parse-only $s % round $rep" "parse-$s-$rep" "$RC"

    if [[ $HAVE_BW == 1 ]]; then
      echo "round $rep/$REPS, $s %: boundwise ..."
      run_timed "bw-$s-$rep" "$BW_BIN" check --exit-zero --python-version "$BW_TARGET" \
        -o "$OUT/runs/bw-$s-$rep.txt" --files-from "$list"
      echo "$RC" >"$OUT/runs/bw-$s-$rep.rc"
      if [[ $RC == 2 ]]; then
        if [[ -z "${SHOWN_ERR[$s]:-}" ]]; then
          SHOWN_ERR[$s]=1
          echo "boundwise exit 2 on $s %: some file failed; its stderr:"
          head -n 40 "$OUT/runs/bw-$s-$rep.err" | sed 's/^/  /'
          n=$(wc -l <"$OUT/runs/bw-$s-$rep.err")
          (( n <= 40 )) || echo "  ... ($n lines in $OUT/runs/bw-$s-$rep.err)"
        fi
      elif [[ $RC != 0 ]]; then
        report_failure "boundwise $s % round $rep" "bw-$s-$rep" "$RC"
      fi
    fi

    echo "round $rep/$REPS, $s %: ruff ..."
    run_timed "ruff-$s-$rep" node "${NODE_FLAGS[@]}" "$BENCH_DIR/ruff_async.mjs" \
      --node-modules "$NODE_DIR/node_modules" --target-version "$RUFF_TARGET" \
      --files-from "$list"
    [[ $RC == 0 ]] || report_failure "ruff $s % round $rep" "ruff-$s-$rep" "$RC"
  done
done
echo "ruff warm: 100 % checked 3 times in one process ..."
run_timed "ruffwarm-100-1" node "${NODE_FLAGS[@]}" "$BENCH_DIR/ruff_async.mjs" \
  --node-modules "$NODE_DIR/node_modules" --target-version "$RUFF_TARGET" \
  --passes 3 --files-from "$OUT/files-100.txt"
[[ $RC == 0 ]] || report_failure "ruff warm 100 %" "ruffwarm-100-1" "$RC"
if [[ $HAVE_BW == 1 ]]; then
  echo "boundwise --format json, 100 % ..."
  run_timed "bwjson-100-1" "$BW_BIN" check --exit-zero --python-version "$BW_TARGET" --format json \
    -o "$OUT/runs/bwjson-100-1.json" --files-from "$OUT/files-100.txt"
  [[ $RC == 0 || $RC == 2 ]] || report_failure "boundwise --format json 100 %" "bwjson-100-1" "$RC"
fi
echo

# ---------------------------------------------------------------- figures
# median TOOL SUBSET FIELD(1=wall s, 2=RSS KiB) over the rounds that ran;
# prints "-" when there is none.
median() {
  local vals
  vals=$(for ((r = 1; r <= REPS; r++)); do
           f="$OUT/runs/$1-$2-$r.time"
           [[ -s "$f" ]] && awk -v k="$3" '$k ~ /^[0-9.]+$/ {print $k}' "$f"
         done | sort -g || true)
  if [[ -z "$vals" ]]; then echo "-"; return; fi
  awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}' <<<"$vals"
}
maxof() {
  local vals
  vals=$(for ((r = 1; r <= REPS; r++)); do
           f="$OUT/runs/$1-$2-$r.time"
           [[ -s "$f" ]] && awk -v k="$3" '$k ~ /^[0-9.]+$/ {print $k}' "$f"
         done | sort -g || true)
  if [[ -z "$vals" ]]; then echo "-"; return; fi
  tail -n 1 <<<"$vals"
}
ratio() { [[ "$1" == "-" || "$2" == "-" ]] && { echo "-"; return; }
          awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
per100k() { [[ "$1" == "-" ]] && { echo "-"; return; }
            awk -v t="$1" -v l="$2" 'BEGIN { printf "%.3f", t * 100000 / l }'; }
mib() { [[ "$1" == "-" ]] && { echo "-"; return; }
        awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
field() {  # field FILE KEY : value of KEY=... in the first line of FILE
  [[ -s "$1" ]] || { echo "-"; return; }
  head -n 1 "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2; found=1} END {if (!found) print "-"}'
}

declare -A P B R
printf '%-7s %6s %8s %13s %12s %8s %10s %10s %14s\n' \
  subset files lines "parse-only s" "boundwise s" "ruff s" "bw/parse" "bw/ruff" "bw peak MiB"
for s in "${SUBSETS[@]}"; do
  P[$s]=$(median parse "$s" 1)
  R[$s]=$(median ruff "$s" 1)
  if [[ $HAVE_BW == 1 ]]; then B[$s]=$(median bw "$s" 1); bwrss=$(mib "$(maxof bw "$s" 2)")
  else B[$s]="-"; bwrss="-"; fi
  printf '%-7s %6s %8s %13s %12s %8s %10s %10s %14s\n' "$s %" "${NFILES[$s]}" "${NLINES[$s]}" \
    "${P[$s]}" "${B[$s]}" "${R[$s]}" "$(ratio "${B[$s]}" "${P[$s]}")" \
    "$(ratio "${B[$s]}" "${R[$s]}")" "$bwrss"
done
echo "(wall seconds: median of $REPS; peak RSS: max of $REPS. Targets: bw/parse <= 1.0," \
     "bw/ruff <= 1.0, peak <= 1024 MiB.)"
echo
for s in "${SUBSETS[@]}"; do
  echo "linear $s %: seconds per 100k lines: boundwise $(per100k "${B[$s]}" "${NLINES[$s]}")," \
       "parse-only $(per100k "${P[$s]}" "${NLINES[$s]}"), ruff $(per100k "${R[$s]}" "${NLINES[$s]}")"
done
echo

echo "context (last round): inner loop seconds as the programs measure them, peak RSS MiB"
for s in "${SUBSETS[@]}"; do
  po="$OUT/runs/parse-$s-$REPS.out" ro="$OUT/runs/ruff-$s-$REPS.out"
  echo "  $s %: parse-only loop $(field "$po" seconds)s ($(field "$po" MB/s) MB/s," \
       "$(field "$po" error_trees) trees with errors), peak $(mib "$(maxof parse "$s" 2)") MiB;" \
       "ruff loop $(field "$ro" seconds)s + load $(field "$ro" load_seconds)s," \
       "$(field "$ro" async) ASYNC findings, $(field "$ro" syntax_error_files) files with syntax errors," \
       "$(field "$ro" rejected) rejected, peak $(mib "$(maxof ruff "$s" 2)") MiB"
done
ro="$OUT/runs/ruff-100-$REPS.out"
[[ -s "$ro" ]] && echo "  ruff 100 % $(sed -n 2p "$ro")"
echo "  ruff warm, 100 %, seconds of passes 1,2,3 in one process:" \
     "$(field "$OUT/runs/ruffwarm-100-1.out" pass_seconds)"
grep -h '^ruff_async:' "$OUT"/runs/ruff-100-*.err 2>/dev/null | sort -u | sed 's/^/  /' || true
echo

# ---------------------------------------------------------------- boundwise
if [[ $HAVE_BW == 1 ]]; then
  rcs=$(cat "$OUT"/runs/bw-*-*.rc | sort -u | tr '\n' ' ')
  echo "boundwise exit codes seen: $rcs(0 expected with --exit-zero; 2 = some file failed)"
  echo "boundwise 100 % with --format json (every function and call site):" \
       "$(awk '{print $1}' "$OUT/runs/bwjson-100-1.time" 2>/dev/null || echo -) s wall," \
       "$(mib "$(awk '{print $2}' "$OUT/runs/bwjson-100-1.time" 2>/dev/null || echo -)") MiB peak"
  json="$OUT/runs/bwjson-100-1.json"
  echo "boundwise 100 %: 10 most frequent finding codes ($json):"
  if ! "$PYTHON" -c '
import collections, json, sys
with open(sys.argv[1], encoding="utf-8") as fh:
    doc = json.load(fh)
findings = doc.get("findings", []) if isinstance(doc, dict) else []
counts = collections.Counter(str(f.get("code")) for f in findings if isinstance(f, dict))
print("  %d findings, %d distinct codes" % (len(findings), len(counts)))
for code, n in counts.most_common(10):
    print("  %8d  %s" % (n, code))
' "$json"; then
    echo "FAILED: cannot read findings from $json" >&2
    FAILED=1
  fi
else
  echo "boundwise: not built"
fi

if [[ $FAILED != 0 ]]; then
  echo "corpus_bench: something failed to run (see FAILED above)" >&2
  exit 1
fi
