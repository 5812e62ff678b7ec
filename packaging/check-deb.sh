#!/usr/bin/env bash
# Checks a built package (CI runs it on scripts/package.sh's output):
#   packaging/check-deb.sh npy-inspector_VERSION_ARCH.deb
# lintian (fails on any error), the files the package must hold, `appstreamcli validate` on its metainfo, and the
# programs run from the package's files extracted with dpkg-deb -x into a scratch root: --version, npy-tool info on
# a fixture, the thumbnailer entry's Exec line as a file manager runs it (no display), the bash completion sourced
# and asked for a command and a member name, the zsh completion asked the same through zsh's completion system, and
# the GUI under Xvfb until its window maps.
set -euo pipefail
deb="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=../scripts/deps.sh
source "$root/scripts/deps.sh"
NPY_DEPS+=(lintian xdotool appstream file zsh)
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
         usr/share/doc/npy-inspector/copyright usr/share/doc/npy-inspector/changelog.gz \
         usr/share/thumbnailers/npy-inspector.thumbnailer usr/share/bash-completion/completions/npy-tool \
         usr/share/zsh/vendor-completions/_npy-tool; do
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

echo "== appstreamcli validate"
appstreamcli validate --no-net "$scratch/usr/share/metainfo/$id.metainfo.xml"

# The thumbnailer entry: its keys, then its Exec line run as written (%i, %o, %s filled in) with the package's
# npy-tool first on PATH, without a display, as a file manager runs it.
entry="$scratch/usr/share/thumbnailers/npy-inspector.thumbnailer"
head -n 1 "$entry" | grep -qx '\[Thumbnailer Entry\]' || { echo "check-deb: $entry: no [Thumbnailer Entry]" >&2; exit 1; }
grep -qx 'TryExec=npy-tool' "$entry" || { echo "check-deb: $entry: TryExec is not npy-tool" >&2; exit 1; }
grep -qx 'MimeType=application/x-npy;application/x-npz;' "$entry" || {
  echo "check-deb: $entry: MimeType is not our two types" >&2
  exit 1
}
exec_line="$(sed -n 's/^Exec=//p' "$entry")"
thumb="$scratch/thumbnail.png"
command="${exec_line//%i/$root/tests/data/picture/rgb_u8.npy}"
command="${command//%o/$thumb}"
command="${command//%s/128}"
# shellcheck disable=SC2086 # the Exec line is split on spaces, as the desktop does
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM PATH="$bin:$PATH" $command
file "$thumb" | grep -q 'PNG image data, 128 x 96, 8-bit/color RGBA' || {
  echo "check-deb: the thumbnailer wrote $(file -b "$thumb"), not a 128 x 96 RGBA PNG" >&2
  exit 1
}
echo "== thumbnailer entry runs: $(file -b "$thumb")"

# The bash completion: a command, then a member name read from a fixture with the package's npy-tool.
completion="$scratch/usr/share/bash-completion/completions/npy-tool"
got="$(cd "$root/tests/data" && PATH="$bin:$PATH" bash --norc --noprofile -c '
  source "$1"
  COMP_WORDS=(npy-tool thumb); COMP_CWORD=1; _npy_tool; echo "${COMPREPLY[*]}"
  COMP_WORDS=(npy-tool render picture/video.npz --member fr); COMP_CWORD=4; _npy_tool; echo "${COMPREPLY[*]}"
' completion "$completion")"
[ "$got" = "$(printf 'thumbnail\nframes')" ] || { echo "check-deb: bash completion gave: $got" >&2; exit 1; }
echo "== bash completion completes commands and member names"

# The zsh completion from the package's folder, as a Tab key asks it (tests/zshcomplete.zsh drives a zsh on a pty).
zsh_complete() {
  (cd "$root/tests/data" && PATH="$bin:$PATH" zsh -f "$root/tests/zshcomplete.zsh" \
    "$scratch/usr/share/zsh/vendor-completions" "$@")
}
got="$(zsh_complete npy-tool thumb; zsh_complete npy-tool render picture/video.npz --member fr)"
[ "$got" = "$(printf 'thumbnail\nframes')" ] || { echo "check-deb: zsh completion gave: $got" >&2; exit 1; }
echo "== zsh completion completes commands and member names"

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
