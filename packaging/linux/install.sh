#!/bin/sh
# Install the vdesk bundle for the current user (or under PREFIX) and register it with the desktop:
#     ./install.sh            -> ~/.local/share/vdesk, ~/.local/bin/vdesk, menu entry and icons
#     ./install.sh /usr/local (as root) -> /usr/local/lib/vdesk, /usr/local/bin/vdesk, ...
#     ./install.sh --uninstall [PREFIX]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
app_id=org.vdesk.VDesk

uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
if [ $# -gt 0 ]; then
  prefix=$1; libdir=$prefix/lib/vdesk
else
  prefix=$HOME/.local; libdir=$prefix/share/vdesk
fi
share=$prefix/share

if [ $uninstall = 1 ]; then
  rm -rf "$libdir" "$prefix/bin/vdesk" "$share/applications/$app_id.desktop" "$share/metainfo/$app_id.metainfo.xml"
  find "$share/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
  echo "vdesk removed from $prefix (your notes and settings are kept)"
  exit 0
fi

mkdir -p "$libdir" "$prefix/bin" "$share/applications" "$share/metainfo"
if [ "$here" != "$libdir" ]; then
  rm -rf "$libdir"
  mkdir -p "$libdir"
  cp -R "$here/vdesk" "$here/_internal" "$libdir/"
fi
ln -sf "$libdir/vdesk" "$prefix/bin/vdesk"
sed "s|^Exec=vdesk|Exec=$libdir/vdesk|" "$here/share/applications/$app_id.desktop" \
  > "$share/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
cp -R "$here/share/icons" "$share/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "vdesk installed in $libdir; start it from the applications menu or with $prefix/bin/vdesk"
