#!/bin/sh
# Installs Cabildo on a server: the program, its data and themes, the man
# page and the bash, zsh and fish completions. Run through `make install`:
#
#   make install PREFIX=/usr/local [DESTDIR=/tmp/package] [BINARY=path/to/cabildo]
#
# Without BINARY it builds the release program (the Swift libraries linked
# in, so the server needs only libsqlite3, libsodium and libncursesw). The
# program finds its files in ../share/cabildo beside its real path.
set -eu
cd "$(dirname "$0")/.."

PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
if [ -z "${BINARY:-}" ]; then
    swift build -c release --static-swift-stdlib --product cabildo
    BINARY=.build/release/cabildo
fi
command -v jq >/dev/null || { echo "install: jq is needed to write the man page (apt-get install jq)" >&2; exit 1; }

root=$DESTDIR$PREFIX
share=$root/share
install -d "$root/bin" "$share/cabildo" "$share/man/man1" "$share/bash-completion/completions" \
    "$share/zsh/site-functions" "$share/fish/vendor_completions.d"

# Data and themes replace what an earlier version installed, whole.
rm -rf "$share/cabildo/Data" "$share/cabildo/Themes"
cp -R Data Themes "$share/cabildo/"
chmod -R u=rwX,go=rX "$share/cabildo"

# The man page and the completions come from the argument parser itself.
version=$("$BINARY" --version | sed -n '1s/^cabildo //p')
"$BINARY" --experimental-dump-help \
    | jq -r --arg version "$version" --arg date "$(date -u +%Y-%m-%d)" -f Scripts/manpage.jq >"$share/man/man1/cabildo.1"
"$BINARY" --generate-completion-script bash >"$share/bash-completion/completions/cabildo"
"$BINARY" --generate-completion-script zsh >"$share/zsh/site-functions/_cabildo"
"$BINARY" --generate-completion-script fish >"$share/fish/vendor_completions.d/cabildo.fish"
chmod 0644 "$share/man/man1/cabildo.1" "$share/bash-completion/completions/cabildo" \
    "$share/zsh/site-functions/_cabildo" "$share/fish/vendor_completions.d/cabildo.fish"

# The program last: an install cut short leaves no program without its files.
install -m 0755 "$BINARY" "$root/bin/cabildo.new"
mv -f "$root/bin/cabildo.new" "$root/bin/cabildo"
echo "Installed cabildo $version in $root (data in $share/cabildo)."
