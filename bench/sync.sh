#!/usr/bin/env bash
# Clones syncing after `git pull` of 1,000 new events (DESIGN.md target: under 2 s), twice:
# a clone that never wrote (results/sync.json) and one that published events of its own
# before (ws commits of its own, so the pull merges: results/sync-published.json).
# The events are appended in the origin repository (10 workstreams × 100 devlog
# entries, through the ledger) and committed there; each clone pulls and `ws sync`
# imports them, regenerates the documents they touch and commits.
set -euo pipefail
ws="$1"; repo="$2"; loadgen="$3"; out="$4"
fresh="$(dirname "$repo")/sync-clone"
published="$(dirname "$repo")/sync-published"
rm -rf "$fresh" "$published"
git clone -q "$repo" "$fresh"
( cd "$fresh" && /usr/bin/time -f "%e" -o "$out/sync-fresh-clone.txt" "$ws" status >/dev/null )
log="$(git -C "$repo" rev-parse --git-common-dir)/ws/log.sqlite"
[ "${log#/}" != "$log" ] || log="$repo/$log"
for p in $(seq 1 10); do
  (cd "$repo" && "$ws" new "S$p" --title "Sync writer $p" >/dev/null 2>&1 || true)
done
(cd "$repo" && "$ws" commit >/dev/null)
(cd "$fresh" && git pull -q --no-rebase && "$ws" sync >/dev/null)
# The publishing clone starts as a copy of the fresh one (its first import of the whole log is
# the slowest step here, and was just made); it then records and commits events of its own.
cp -a "$fresh" "$published"
(cd "$published" && "$ws" new P1 --title "Published here" >/dev/null && "$ws" log P1 "written in this clone" >/dev/null \
  && "$ws" commit >/dev/null)
for p in $(seq 1 10); do WS_STORE="$log" "$loadgen" "S$p" 100 >/dev/null; done
(cd "$repo" && "$ws" commit >/dev/null)
(cd "$fresh" && git pull -q --no-rebase && hyperfine --runs 1 --export-json "$out/sync.json" "$ws sync" >/dev/null \
  && "$ws" verify >/dev/null)
(cd "$published" && git pull -q --no-rebase --no-edit && hyperfine --runs 1 --export-json "$out/sync-published.json" "$ws sync" >/dev/null \
  && "$ws" verify >/dev/null)
echo "   sync after pulling 1,000 events, fresh and published clones (fresh clone's first command: $(cat "$out/sync-fresh-clone.txt") s)"
