#!/usr/bin/env bash
# The shared PostgreSQL store at the bench's size, on loopback: a throwaway
# server (scripts/with-postgres.sh: a free port, removed afterwards), the plan
# imported into a fresh repository whose store it is, then hyperfine times of
# the listings and `show`, and the 16-process appends through the ledger
# (the figure bench/concurrent.sh gives for SQLite), checked for gaps and losses.
#   bench/postgres.sh <ws> <ws-loadgen> <plan.jsonl> <results-dir> [runs] [processes] [each]
# Writes <results-dir>/pg-{import,ready,blocked,status,show,show-json}.json (hyperfine's
# format) and pg-appends.json ({"processes", "each", "events", "seconds", "events_per_s"}).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "bench/postgres.sh: $*" >&2; exit 1; }
[ $# -ge 4 ] || fail "usage: bench/postgres.sh <ws> <ws-loadgen> <plan.jsonl> <results-dir> [runs] [processes] [each]"

if [ -z "${WS_TEST_POSTGRES_URL:-}" ]; then
  # The server binaries, as the bench installs its other tools (install-deps.sh lists postgresql).
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || "$root/scripts/install-deps.sh"
  exec "$root/scripts/with-postgres.sh" "$0" "$@"
fi

ws="$(realpath "$1")"; loadgen="$(realpath "$2")"; plan="$(realpath "$3")"; out="$(realpath "$4")"
runs="${5:-15}"; procs="${6:-16}"; each="${7:-200}"
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/ws-pg-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export WS_STORE="$WS_TEST_POSTGRES_URL" WS_AGENT=bench
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
count() { psql "$WS_STORE" -tAc "$1"; }

repo="$work/repo"
mkdir -p "$repo" && git -C "$repo" init -q -b main
cd "$repo"
"$ws" init >/dev/null
hyperfine -N --runs 1 --export-json "$out/pg-import.json" "$ws import $plan" >/dev/null
echo "   pg-import ($(count "SELECT count(*) FROM events") events, $(count "SELECT count(*) FROM workstreams") workstreams)"

# The middle workstream, as run.sh shows it.
mid="$(count "SELECT id FROM workstreams ORDER BY position, id OFFSET (SELECT count(*) / 2 FROM workstreams) LIMIT 1")"
hf() { hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/$1.json" "$2" >/dev/null; echo "   $1"; }
hf pg-ready "$ws ready --json"
hf pg-blocked "$ws blocked --json"
hf pg-status "$ws status --json"
hf pg-show "$ws show $mid"
hf pg-show-json "$ws show $mid --json"

# Each process appends to its own workstream, every entry its own transaction (decide, append, read models).
for p in $(seq 1 "$procs"); do "$ws" new "PG$p" --title "Concurrent writer $p" >/dev/null; done
before="$(count "SELECT count(*) FROM events")"
start="$(date +%s.%N)"
for p in $(seq 1 "$procs"); do "$loadgen" "PG$p" "$each" >/dev/null & done
wait
end="$(date +%s.%N)"
after="$(count "SELECT count(*) FROM events")"
[ "$after" = "$(count "SELECT max(seq) FROM events")" ] || fail "gap in the sequence"
[ "$((after - before))" = "$((procs * each))" ] || fail "lost or doubled events: $((after - before))"
"$ws" verify >/dev/null || fail "ws verify failed after the concurrent appends"
python3 - "$out/pg-appends.json" "$procs" "$each" "$((after - before))" "$start" "$end" <<'EOF'
import json, sys
path, procs, each, n, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
t = end - start
json.dump({"processes": procs, "each": each, "events": n, "seconds": t, "events_per_s": n / t}, open(path, "w"))
print(f"   pg-appends: {procs} processes x {each} = {n} events in {t:.2f} s = {n / t:.0f} events/s, no gap, none lost")
EOF

# The team server on this store: 50 agents x 100 mixed MCP calls over HTTP through two `ws serve` in two clones,
# then again with the second killed (SIGKILL) a third of the way through (bench/mcp_load.py).
git clone -q "$repo" "$work/repo2"
(cd "$work/repo2" && "$ws" init --join >/dev/null)
python3 "$root/bench/mcp_load.py" --ws "$ws" --label pg-two --out "$out" "$repo" "$work/repo2"
python3 "$root/bench/mcp_load.py" --ws "$ws" --label pg-two-paced --pace 0.5 --out "$out" "$repo" "$work/repo2"
python3 "$root/bench/mcp_load.py" --ws "$ws" --label pg-two-kill --kill --out "$out" "$repo" "$work/repo2"
"$ws" verify >/dev/null || fail "ws verify failed after the team-server load"
