#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and runs each for SECONDS.
#   scripts/fuzz.sh [--parallel] [SECONDS] [TARGET...]     default: 60 seconds, every target
# With --parallel the targets run at the same time (each for SECONDS, at nice 10) instead of one by one.
# Seeds are every file of tests/data (NumPy fixtures, hostile and truncated files, pickles) and
# fuzz/seeds/<target>. New corpus entries go to build-fuzz/corpus/<target>; a crash leaves its input in
# build-fuzz/artifacts/ and makes this script fail: turn every such input into a regression fixture under tests/data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=deps.sh
source "$here/deps.sh"
NPY_DEPS+=(clang libclang-rt-14-dev)
npy_install_deps

parallel=""
if [ "${1:-}" = "--parallel" ]; then parallel=1; shift; fi
seconds="${1:-60}"; shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(npyheader npyfile npz valueparse pickle journal)
build="$root/build-fuzz"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNPY_BUILD_FUZZERS=ON -DNPY_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")

# Every target starts from every fixture the tests have (all of tests/data, which libFuzzer reads recursively:
# NumPy's files, hostile and truncated ones, bzip2 and LZMA members, pickles) and from its own seeds.
seed_dirs() {
  echo "$root/tests/data"
  [ -d "$root/fuzz/seeds/$1" ] && echo "$root/fuzz/seeds/$1"
  return 0
}

mkdir -p "$build/artifacts"

# Runs one target for $seconds; its log is build-fuzz/fuzz_<target>.log. Fails on a finding.
run_target() {
  local t="$1" corpus="$build/corpus/$1"
  mkdir -p "$corpus"
  # shellcheck disable=SC2046
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
    ${parallel:+nice -n 10} "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -max_len=1048576 -artifact_prefix="$build/artifacts/${t}-" -print_final_stats=1 "$corpus" $(seed_dirs "$t") \
    2>"$build/fuzz_$t.log"
}

report() {
  local t="$1" rc="$2"
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$t FOUND A PROBLEM: see $build/fuzz_$t.log and $build/artifacts/"
    tail -n 40 "$build/fuzz_$t.log"
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$build/fuzz_$t.log" || true
}

status=0
if [ -n "$parallel" ]; then
  declare -A pids
  echo "== ${targets[*]} at the same time for ${seconds}s"
  for t in "${targets[@]}"; do run_target "$t" & pids[$t]=$!; done
  for t in "${targets[@]}"; do
    rc=0; wait "${pids[$t]}" || rc=$?
    echo "== fuzz_$t"; report "$t" "$rc"
    [ "$rc" -eq 0 ] || status=1
  done
else
  for t in "${targets[@]}"; do
    echo "== fuzz_$t for ${seconds}s"
    rc=0; run_target "$t" || rc=$?
    report "$t" "$rc"
    [ "$rc" -eq 0 ] || status=1
  done
fi
exit "$status"
