#!/usr/bin/env bash
# Packages a built ws for people who do not build it: a Debian package and a tarball of the same files.
#   scripts/make-dist.sh <static ws binary> <generate-manual binary> <output folder>
# Writes <output folder>/ws_<version>_amd64.deb and <output folder>/ws-<version>-linux-amd64.tar.gz, holding
# usr/bin/ws (stripped), the bash, zsh and fish completions where Debian's shells look for them, the man page
# (ws.1.gz) and usr/share/doc/ws. The package depends only on the libraries the binary needs at run time: those it
# links (dpkg-shlibdeps reads them) and those it loads by soname on first use (Sources/CLibLoader).
set -euo pipefail
binary="$1"
manual_tool="$2"
out="$3"
scripts="$(cd "$(dirname "$0")" && pwd)"
maintainer="${WS_MAINTAINER:-ws maintainers <maintainers@ws-agents.invalid>}"
[ -x "$binary" ] || { echo "dist: no ws binary at $binary" >&2; exit 1; }
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "dist: builds amd64 packages only" >&2; exit 1; }

version="$("$binary" --version)"
case "$version" in [0-9]*) ;; *) echo "dist: '$version' is not a version" >&2; exit 1 ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/ws_${version}_amd64"

# The files, by make install's own step into the package's /usr, then moved to Debian's places.
"$scripts/install.sh" "$binary" "$stage/usr" "$manual_tool" >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/ws"
mkdir -p "$stage/usr/share/zsh/vendor-completions" "$stage/usr/share/doc/ws"
mv "$stage/usr/share/zsh/site-functions/_ws" "$stage/usr/share/zsh/vendor-completions/_ws"
rmdir "$stage/usr/share/zsh/site-functions"
gzip -9n "$stage/usr/share/man/man1/ws.1"
# bash-completion sources the file: a #! line there means nothing (lintian: bash-completion-with-hashbang).
sed -i '1{/^#!/d}' "$stage/usr/share/bash-completion/completions/ws"
# Both on purpose: -no-pie spares every start the relocations of a position-independent binary (README.md, "Speed"),
# and the static binary carries the libyaml that Yams compiles in.
mkdir -p "$stage/usr/share/lintian/overrides"
printf 'ws: hardening-no-pie [usr/bin/ws]\nws: embedded-library libyaml [usr/bin/ws]\n' \
  > "$stage/usr/share/lintian/overrides/ws"
# Dated by the newest commit, so that two builds of one commit are equal.
date="$(git -C "$scripts/.." log -1 --format=%aD 2>/dev/null || date -R)"
cat > "$stage/usr/share/doc/ws/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ws
Upstream-Contact: $maintainer

Files: *
Copyright: $(date -d "$date" +%Y) the ws maintainers
License: unspecified
 The source repository states no license yet.
EOF
# A native package's changelog: one entry.
printf 'ws (%s) unstable; urgency=medium\n\n  * Built from the ws repository.\n\n -- %s  %s\n' \
  "$version" "$maintainer" "$date" | gzip -9n > "$stage/usr/share/doc/ws/changelog.gz"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage/usr/share" -type f -exec chmod 0644 {} +

# Recommends: graphviz, whose dot lays out `ws graph --format svg` and the board's graph (without it ws
# falls back to its own layout and says so).
# Depends: what the binary links, with the least versions its symbols need, and the packages of the
# sonames it loads itself (each soname is in exactly one package, so no version is needed).
mkdir -p "$work/shlibs/debian"
printf 'Source: ws\n\nPackage: ws\nArchitecture: amd64\n' > "$work/shlibs/debian/control"
linked="$(cd "$work/shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/ws" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
loaded=()
for soname in $(grep -aoE 'lib(git2|curl|gvc|cgraph)\.so\.[0-9.]+' "$stage/usr/bin/ws" | sort -u); do
  # Both filters read to the end: one that stops early (awk's exit, head) can kill the writer, still writing its
  # buffered 4 KiB blocks, with SIGPIPE, which pipefail turns into make's "Error 141" (seen on a fresh machine).
  library="$(ldconfig -p | awk -v s="$soname" '$1 == s && !found { print $NF; found = 1 }')"
  [ -n "$library" ] || { echo "dist: $soname (loaded by ws at run time) is not installed here" >&2; exit 1; }
  loaded+=("$(dpkg -S "$(readlink -f "$library")" | sed -n '1s/:.*//p')")
done
depends="$linked"
for package in "${loaded[@]}"; do depends="$depends, $package"; done

mkdir -p "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<EOF
Package: ws
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: graphviz
Section: devel
Priority: optional
Description: parallel workstreams in one git repository
 ws coordinates coding agents and the people who steer them: every change
 is an event appended to a hash-chained log, and statuses, documents and git
 commits are projections of it. It answers what is ready, what is blocked
 and why, on the command line, over MCP and on a read-only web board.
EOF

# dpkg --verify checks the installed files against these.
(cd "$stage" && find usr -type f -exec md5sum {} + | sort -k 2) > "$stage/DEBIAN/md5sums"
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/ws_${version}_amd64.deb" >/dev/null
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$date" \
  --exclude=usr/share/lintian --transform "s,^usr,ws-$version," -czf "$out/ws-$version-linux-amd64.tar.gz" usr
echo "$out/ws_${version}_amd64.deb ($(du -h "$out/ws_${version}_amd64.deb" | cut -f1); Depends: $depends)"
echo "$out/ws-$version-linux-amd64.tar.gz (bin/ws, share/man, share/bash-completion, share/zsh, share/fish)"
