#!/usr/bin/env bash
# Puts a built ws on PATH like any real CLI: the binary, shell completions for
# bash, zsh and fish (from swift-argument-parser), and a man page.
#   scripts/install.sh <ws binary> <prefix> [<generate-manual binary>]
# Files: <prefix>/bin/ws, <prefix>/share/man/man1/ws.1,
# <prefix>/share/bash-completion/completions/ws, <prefix>/share/zsh/site-functions/_ws,
# <prefix>/share/fish/vendor_completions.d/ws.fish
set -euo pipefail
binary="$1"
prefix="$2"
manual_tool="${3:-}"
[ -x "$binary" ] || { echo "install: no ws binary at $binary" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$prefix/bin/ws"
ws="$prefix/bin/ws"
"$ws" --generate-completion-script bash > "$prefix/share/bash-completion/completions/ws"
"$ws" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_ws"
"$ws" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/ws.fish"

# The man page: swift-argument-parser's generate-manual tool (built offline from the
# package checkout) reads `ws --experimental-dump-help` and writes mdoc.
if [ -n "$manual_tool" ] && [ -x "$manual_tool" ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  "$manual_tool" "$ws" --output-directory "$out" --section 1
  install -m 0644 "$out/ws.1" "$prefix/share/man/man1/ws.1"
else
  echo "install: no generate-manual tool given; the man page is left out" >&2
  exit 1
fi

echo "installed $ws ($("$ws" --version))"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH; add it to your shell's profile" ;; esac
echo "man page: $prefix/share/man/man1/ws.1 ('man ws' finds it when $prefix/bin is on PATH)"
echo "completions: bash loads $prefix/share/bash-completion/completions/ws by itself (bash-completion);"
echo "  zsh: fpath=($prefix/share/zsh/site-functions \$fpath) before compinit; fish: $prefix/share/fish/vendor_completions.d/ws.fish"
