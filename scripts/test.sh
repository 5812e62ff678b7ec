#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with CTest (output shown on failure).
#   scripts/test.sh              the normal build, in build/
#   scripts/test.sh --sanitize   an AddressSanitizer + UndefinedBehaviorSanitizer build, in build-asan/
#   scripts/test.sh --tsan       a ThreadSanitizer build, in build-tsan/, without the `large` test; its
#                                reports are sorted by tests/tsan_triage.py, which fails on a real race
# Further arguments go to ctest (for example -L large, -LE large, -R npyheader).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=build.sh
source "$here/build.sh"

build="${NPY_BUILD_DIR:-$root/build}"
cmake_args=()
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build="${NPY_BUILD_DIR:-$root/build-asan}"
  cmake_args+=(-DNPY_SANITIZE=ON)
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
elif [ "${1:-}" = "--tsan" ]; then
  shift
  tsan=1
  build="${NPY_BUILD_DIR:-$root/build-tsan}"
  cmake_args+=(-DNPY_TSAN=ON)
  # Reports go to files that tests/tsan_triage.py sorts afterwards (see there why Qt's hand-offs show).
  rm -rf "$build/tsan"
  mkdir -p "$build/tsan"
  export TSAN_OPTIONS="history_size=7:ignore_noninstrumented_modules=1:exitcode=0:log_path=$build/tsan/report"
fi
npy_build "$build" "${cmake_args[@]}"
cd "$build"
if [ -n "${tsan:-}" ]; then
  status=0
  ctest --output-on-failure --timeout 1800 -j "$(nproc)" -LE large "$@" || status=$?
  shopt -s nullglob
  /usr/bin/python3 "$root/tests/tsan_triage.py" "$build"/tsan/report.* || status=1
  exit "$status"
fi
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
