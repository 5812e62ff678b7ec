#!/usr/bin/env bash
# Installs what is missing, builds, and starts NPY Inspector on FILE... (or on the demo archive).
#   scripts/run.sh [FILE...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=build.sh
source "$here/build.sh"
build="${NPY_BUILD_DIR:-$root/build}"
npy_build "$build" >/dev/null
if [ "$#" -eq 0 ]; then
  set -- "$root/resources/samples/demo.npz"
fi
exec "$build/app/gui/npy-inspector" "$@"
