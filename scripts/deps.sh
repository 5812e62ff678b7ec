#!/usr/bin/env bash
# Installs the Debian packages NPY Inspector needs to build, test and run, when any is missing.
# Sourced by run.sh and test.sh; quiet when everything is present.
set -euo pipefail

NPY_DEPS=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6svg6 qt6-qpa-plugins
  zlib1g-dev libdeflate-dev libisal-dev libbz2-dev liblzma-dev
  libquazip1-qt6-dev # tests only: an independent reader of the archives we write
  unzip # tests only: `unzip -t` of the archives we write
  zsh # tests only: the zsh completion asked as a Tab key asks it
  python3 python3-numpy
  xvfb xauth
  librsvg2-bin desktop-file-utils shared-mime-info appstream
)

npy_missing_packages() {
  local missing=()
  for p in "${NPY_DEPS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

npy_install_deps() {
  local missing
  missing=$(npy_missing_packages)
  [ -z "$missing" ] && return 0
  echo "Installing missing packages: $missing"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  npy_install_deps
fi
