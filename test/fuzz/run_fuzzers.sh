#!/usr/bin/env bash
# Runs each libFuzzer target of test/fuzz for a bounded time, one after the other.
#
#   test/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR was configured with -DBOUNDWISE_FUZZ=ON (make fuzz / .ci/run do it); the targets are
# BUILD_DIR/bin/fuzz/*_fuzzer (all of them by default). Each one starts from its seeds in
# test/fuzz/<name>/ and keeps what it finds in BUILD_DIR/fuzz-work/corpus/<name>/, so a longer
# run goes on from a shorter one. A crash, a hang (an input over 10 s), an out-of-memory (2 GiB)
# or a sanitizer report stops that target; its input is saved as
# BUILD_DIR/fuzz-work/artifacts/<name>-crash-... and its log as BUILD_DIR/fuzz-work/logs/<name>.log.
# Reproduce with: BUILD_DIR/bin/fuzz/<name> ARTIFACT
#
# Prints one line per target and a summary line; exits 1 when any target failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]}
# Absolute: the language server changes its working directory, and libFuzzer writes the corpus
# by the paths it was given.
build=$(cd "$build" && pwd)
seconds=${2:?usage: run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
bin="$build/bin/fuzz"
work="$build/fuzz-work"
mkdir -p "$work/corpus" "$work/artifacts" "$work/logs" "$work/dict"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$bin"/*_fuzzer; do [[ -x $f ]] && targets+=("$(basename "$f" _fuzzer)"); done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "fuzz: no fuzz targets in $bin (configure with -DBOUNDWISE_FUZZ=ON and build the 'fuzzers' target)" >&2
  exit 1
fi

# Per target: its dictionaries, extra seed folders (read only) and libFuzzer options.
dict_of() {
  case $1 in
    config) echo "yaml toml" ;;
    rules) echo yaml ;;
    python_extractor) echo python ;;
    compile_flag_filter) echo flags ;;
    *) echo json ;;
  esac
}
extra_seeds_of() {
  case $1 in
    rules) echo "$src/rules/python $src/rules/cpp" ;;
  esac
}
options_of() {
  case $1 in
    python_extractor) echo "-max_len=65536" ;;
    lsp_server) echo "-max_len=16384 -close_fd_mask=2" ;;  # the server logs every message to stderr
    lsp_transport) echo "-max_len=32768" ;;
  esac
}

failed=0
total_execs=0
summary=()
for name in "${targets[@]}"; do
  exe="$bin/${name}_fuzzer"
  if [[ ! -x $exe ]]; then
    echo "fuzz: $name: no executable $exe" >&2
    failed=$((failed + 1))
    summary+=("$name:missing")
    continue
  fi
  dict="$work/dict/$name.dict"
  : >"$dict"
  for d in $(dict_of "$name"); do
    [[ -f $here/dict/$d.dict ]] && cat "$here/dict/$d.dict" >>"$dict"
  done
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  [[ -d $here/$name ]] && seeds+=("$here/$name")
  for extra in $(extra_seeds_of "$name"); do [[ -d $extra ]] && seeds+=("$extra"); done
  log="$work/logs/$name.log"
  start=$(date +%s)
  # shellcheck disable=SC2046
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$work/artifacts/$name-" $(options_of "$name") \
    "$corpus" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  corpus_size=$(find "$corpus" -type f | wc -l)
  if [[ $rc -eq 0 ]]; then
    status=ok
  else
    failed=$((failed + 1))
    kind=$(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|ERROR: AddressSanitizer: [a-z-]+|runtime error|ERROR: UndefinedBehaviorSanitizer' "$log" || true)
    artifact=$(grep -m1 -oE "Test unit written to [^ ]+" "$log" | sed 's/Test unit written to //')
    status="FAILED (${kind:-exit $rc})${artifact:+: $artifact}"
  fi
  printf 'fuzz: %-20s %10s executions in %4s s (%s/s), corpus %s, %s\n' "$name" "$execs" "$elapsed" \
    "$((execs / (elapsed > 0 ? elapsed : 1)))" "$corpus_size" "$status"
  if [[ $rc -ne 0 ]]; then
    # The report's first lines and the frames in our code (template names cut short).
    grep -m1 -B3 -A40 -E 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error' "$log" |
      grep -vE '^ *#[0-9]+ .*(libFuzzer|fuzzer::|libc\.so|libstdc\+\+|__sanitizer|compiler-rt)' |
      cut -c1-220 | sed 's/^/    /' | head -24
    echo "    log: $log; reproduce: $exe ${artifact:-ARTIFACT}"
  fi
  summary+=("$name:$status")
done

echo "fuzz summary: ${#targets[@]} targets, $total_execs executions in all, ${seconds} s each"
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
