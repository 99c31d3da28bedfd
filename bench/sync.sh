#!/usr/bin/env bash
# A clone syncing after `git pull` of 1,000 new events (DESIGN.md target: under 2 s).
# The events are appended in the origin repository (10 workstreams × 100 devlog
# entries, through the ledger) and committed there; the clone pulls and `ws sync`
# imports them, regenerates the documents they touch and commits.
set -euo pipefail
ws="$1"; repo="$2"; loadgen="$3"; out="$4"
work="$(dirname "$repo")/sync-clone"
rm -rf "$work"
git clone -q "$repo" "$work"
( cd "$work" && /usr/bin/time -f "%e" -o "$out/sync-fresh-clone.txt" "$ws" status >/dev/null )
log="$(git -C "$repo" rev-parse --git-common-dir)/ws/log.sqlite"
[ "${log#/}" != "$log" ] || log="$repo/$log"
for p in $(seq 1 10); do
  (cd "$repo" && "$ws" new "S$p" --title "Sync writer $p" >/dev/null 2>&1 || true)
done
(cd "$repo" && "$ws" commit >/dev/null)
(cd "$work" && git pull -q --no-rebase && "$ws" sync >/dev/null)
for p in $(seq 1 10); do WS_STORE="$log" "$loadgen" "S$p" 100 >/dev/null; done
(cd "$repo" && "$ws" commit >/dev/null)
cd "$work"
git pull -q --no-rebase
hyperfine --runs 1 --export-json "$out/sync.json" "$ws sync" >/dev/null
"$ws" verify >/dev/null
echo "   sync after pulling 1,000 events (fresh clone's first command: $(cat "$out/sync-fresh-clone.txt") s)"
