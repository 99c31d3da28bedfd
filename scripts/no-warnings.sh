#!/usr/bin/env bash
# Runs a build command and fails when the compiler warns about this repository's own code
# (Sources/ and Tests/; dependencies' warnings are theirs). The build's own output is shown
# as usual; this only reads it, so CI pays no extra build. Usage: scripts/no-warnings.sh swift build ...
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || exit "$status"
ours="$(grep -E "^($root|$(pwd -P))/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u)"
if [ -n "$ours" ]; then
    printf '%s\n' "$ours" >&2
    echo "error: the build warns about our own code (above); fix each warning, the build must stay free of them" >&2
    exit 1
fi
