#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with CTest (output shown on failure).
#   scripts/test.sh              the normal build, in build/
#   scripts/test.sh --sanitize   an AddressSanitizer + UndefinedBehaviorSanitizer build, in build-asan/
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
fi
npy_build "$build" "${cmake_args[@]}"
cd "$build"
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
