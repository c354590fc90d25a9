#!/bin/sh
# Add the Clinic handbook to the desktop's application menu, pointing at this unpacked folder.
#   ./install-desktop-entry.sh            for the current user (~/.local/share/applications)
#   ./install-desktop-entry.sh --system   for every user (as root; /usr/local/share/applications)
#   ./install-desktop-entry.sh --remove   take the entry away again (add --system for the system one)
# Run it again after moving the folder. It writes nothing into this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
remove=no
for arg in "$@"; do
  case "$arg" in
    --system) dir=/usr/local/share/applications ;;
    --remove) remove=yes ;;
    *) echo "usage: $0 [--system] [--remove]" >&2; exit 2 ;;
  esac
done
target="$dir/clinic-handbook.desktop"
if [ "$remove" = yes ]; then
  rm -f "$target"
  echo "removed $target"
  exit 0
fi
case "$here" in
  *[\"\`\$\\%]*) echo "move the folder to a path without \" \` \$ \\ or %: desktop entries cannot name it" >&2; exit 1 ;;
esac
mkdir -p "$dir"
tmp="$target.tmp.$$"
sed -e "s|@EXEC@|\"$here/handbook\"|" \
    -e "s|@ICON@|$here/_internal/handbook/resources/icons/handbook.png|" \
    "$here/clinic-handbook.desktop.in" > "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$target"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$dir" >/dev/null 2>&1 || true
fi
echo "added $target"
