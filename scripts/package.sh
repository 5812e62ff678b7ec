#!/usr/bin/env bash
# Builds the Debian package npy-inspector_VERSION_ARCH.deb: a clean Release build (without the tests) in
# build-package/ (or $NPY_PACKAGE_BUILD_DIR) with Debian's hardening flags, then CPack's DEB generator
# (cmake/packaging.cmake; Depends computed by dpkg-shlibdeps). Installs what is missing first, dpkg-dev included.
# Build output goes to stderr; the last line on stdout is the path of the .deb.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=deps.sh
source "$here/deps.sh"
NPY_DEPS+=(dpkg-dev) # dpkg-shlibdeps, dpkg-buildflags
npy_install_deps >&2

build="${NPY_PACKAGE_BUILD_DIR:-$root/build-package}"
rm -rf "$build"

# No RUNPATH: the programs use the system's libraries only. Debian's flags (fortify, stack protector, relro, bindnow), without -g: the package ships stripped programs.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all"
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
cxxflags="$(echo "$cxxflags" | sed -e 's/\(^\| \)-g\( \|$\)/ /g')"
ldflags="$(dpkg-buildflags --get LDFLAGS)"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNPY_BUILD_TESTS=OFF \
  -DNPY_UPDATE_DESKTOP_DATABASES=OFF -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_SKIP_INSTALL_RPATH=ON \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >&2
cmake --build "$build" --parallel "$(nproc)" >&2
(cd "$build" && cpack -G DEB) >&2

shopt -s nullglob
debs=("$build"/npy-inspector_*.deb)
if [ "${#debs[@]}" -ne 1 ]; then
  echo "package.sh: expected one .deb in $build, found ${#debs[@]}" >&2
  exit 1
fi
echo "${debs[0]}"
