#!/usr/bin/env bash
# Checks a built package (CI runs it on scripts/package.sh's output):
#   packaging/check-deb.sh npy-inspector_VERSION_ARCH.deb
# lintian (fails on any error), the files the package must hold, and both programs run from the package's files
# extracted with dpkg-deb -x into a scratch root: --version, npy-tool info on a fixture, and the GUI under Xvfb
# until its window maps.
set -euo pipefail
deb="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
NPY_DEPS+=(lintian xdotool)
npy_install_deps

echo "== lintian $(basename "$deb")"
lintian --info --display-info --fail-on error "$deb"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "$deb" "$scratch"
id=io.github.npyinspector.NpyInspector
for f in usr/bin/npy-inspector usr/bin/npy-tool \
         usr/share/applications/$id.desktop usr/share/mime/packages/$id.xml usr/share/metainfo/$id.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/$id.svg \
         usr/share/man/man1/npy-tool.1.gz usr/share/man/man1/npy-inspector.1.gz \
         usr/share/doc/npy-inspector/copyright usr/share/doc/npy-inspector/changelog.gz; do
  [ -s "$scratch/$f" ] || { echo "check-deb: $f missing from the package" >&2; exit 1; }
done
# Caches belong to the system's triggers, never to the package.
if dpkg-deb -c "$deb" | grep -E 'mime/(mime\.cache|globs2?|magic)$|mimeinfo\.cache|icon-theme\.cache'; then
  echo "check-deb: the package ships a cache file" >&2
  exit 1
fi
if dpkg-deb -e "$deb" "$scratch/DEBIAN" && ls "$scratch/DEBIAN" | grep -E '^(pre|post)(inst|rm)$'; then
  echo "check-deb: the package has maintainer scripts; dpkg's triggers do the cache updates" >&2
  exit 1
fi
# Every library the programs link is named in the copyright file (a new one needs its licence there), and the
# test-only QuaZip is not linked.
copyright="$scratch/usr/share/doc/npy-inspector/copyright"
for program in "$scratch/usr/bin/npy-inspector" "$scratch/usr/bin/npy-tool"; do
  for lib in $(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    case "$lib" in
      libQt6*) name="Qt 6" ;;
      libz.so*) name="zlib" ;;
      libdeflate.so*) name="libdeflate" ;;
      libisal.so*) name="ISA-L" ;;
      libbz2.so*) name="libbz2" ;;
      liblzma.so*) name="liblzma" ;;
      libstdc++.so* | libgcc_s.so* | libc.so* | libm.so* | ld-linux*) name="glibc" ;;
      libquazip*) echo "check-deb: $(basename "$program") links $lib, a test-only library" >&2; exit 1 ;;
      *) name="$lib" ;;
    esac
    grep -qF "$name" "$copyright" || {
      echo "check-deb: $(basename "$program") links $lib; name it and its licence in packaging/copyright" >&2
      exit 1
    }
  done
done
echo "== package contents OK"

bin="$scratch/usr/bin"
"$bin/npy-tool" --version
QT_QPA_PLATFORM=offscreen "$bin/npy-inspector" --version
"$bin/npy-tool" info "$root/tests/data/npy/f8_2d_c.npy"

# The GUI until its window maps: xdotool waits for a viewable window whose WM_CLASS instance is the program's,
# at most 60 s.
# (The check is a script string: xvfb-run is a POSIX sh script, which drops exported bash functions.)
gui_check='
  "$1" "$2" &
  pid=$!
  status=0
  timeout 60 xdotool search --sync --onlyvisible --classname npy-inspector >/dev/null || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  exit "$status"'
xvfb-run -a bash -c "$gui_check" gui_check "$bin/npy-inspector" "$root/tests/data/npy/f8_2d_c.npy"
echo "== npy-inspector window mapped under Xvfb"
