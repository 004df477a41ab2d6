#!/usr/bin/env bash
# Install what the app and its tests need from the system when it is missing: the libraries
# Qt needs (offscreen and X11 platforms), a font, and the validators of the Linux desktop
# files (desktop-file-validate, appstreamcli), and the PostgreSQL server the tests start
# a throwaway cluster of (tests/pg.py). Needs root and apt-get; elsewhere it only
# says what is missing.
set -euo pipefail

# Read each listing once: `cmd | grep -q` would report "missing" whenever grep's early exit
# kills cmd with SIGPIPE (pipefail).
libs=$(ldconfig -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)

need=()
have_lib() { grep -qF "$1" <<<"$libs"; }
have_lib 'libGL.so.1'            || need+=(libgl1)
have_lib 'libEGL.so.1'           || need+=(libegl1)
have_lib 'libfontconfig.so.1'    || need+=(libfontconfig1)
have_lib 'libxkbcommon.so.0'     || need+=(libxkbcommon0)
have_lib 'libdbus-1.so.3'        || need+=(libdbus-1-3)
have_lib 'libglib-2.0.so.0'      || need+=(libglib2.0-0)
have_lib 'libxkbcommon-x11.so.0' || need+=(libxkbcommon-x11-0)
have_lib 'libxcb-cursor.so.0'    || need+=(libxcb-cursor0)
have_lib 'libxcb-icccm.so.4'     || need+=(libxcb-icccm4)
have_lib 'libxcb-keysyms.so.1'   || need+=(libxcb-keysyms1)
have_lib 'libxcb-image.so.0'     || need+=(libxcb-image0)
have_lib 'libxcb-render-util.so.0' || need+=(libxcb-render-util0)
have_lib 'libxcb-shape.so.0'     || need+=(libxcb-shape0)
have_lib 'libxcb-xinerama.so.0'  || need+=(libxcb-xinerama0)
# Qt draws no text without a font; a bare container has none (DejaVu is Debian's default).
grep -qi dejavu <<<"$fonts"      || need+=(fonts-dejavu-core fontconfig)
# tests/e2e/test_frozen.py validates packaging/linux/ with these.
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1          || need+=(appstream)
# tests/pg.py runs initdb and pg_ctl: Debian keeps them per version, off PATH
have_pg_server() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && return 0
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}
have_pg_server || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "vdesk needs these system packages (install them with your package manager): ${need[*]}" >&2
fi
