#!/usr/bin/env bash
# Configures and builds NPY Inspector with CMake + Ninja into build/ (or $NPY_BUILD_DIR).
# Extra arguments go to CMake's configure step. Sourced by run.sh and test.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=deps.sh
source "$here/deps.sh"

npy_build() {
  local dir="$1"; shift
  npy_install_deps
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  else
    cmake "$dir" "$@" >/dev/null
  fi
  cmake --build "$dir" --parallel "$(nproc)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  npy_build "${NPY_BUILD_DIR:-$root/build}" "$@"
fi
