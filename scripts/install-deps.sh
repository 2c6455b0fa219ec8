#!/usr/bin/env bash
# Installs the Debian packages boundwise needs to build and test, if any is missing.
# Runs apt-get only when something is missing, so a second run is instant and offline.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git
  libtree-sitter-dev libyaml-cpp-dev nlohmann-json3-dev libtomlplusplus-dev libgtest-dev
  llvm-19-tools            # lit and FileCheck
  libclang-rt-19-dev       # libFuzzer, ASan and UBSan runtimes for clang-19 (make fuzz, make sanitize, .ci/run)
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19   # the C++ frontend (LibTooling), the symbolizer
  pybind11-dev             # the example extension and the C++ tests
  libjemalloc-dev          # the boundwise executable's malloc (docs/performance.md)
  time                     # /usr/bin/time in the benchmarks
  python3 python3-dev nodejs npm
  neovim chromium          # the real-editor LSP test and the HTML report test
  python3-pytest python3-pytest-xdist   # profiling pytest and its xdist workers (test/profile/pytest_xdist.test)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# nodejs from NodeSource ships npm inside it; do not ask Debian for npm then.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
