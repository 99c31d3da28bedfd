#!/usr/bin/env bash
# N processes, each appending M devlog entries to its own workstream at once;
# prints total events, seconds and events/s, and checks nothing was lost.
set -euo pipefail
ws="$1"; repo="$2"; procs="$3"; each="$4"
cd "$repo"
for p in $(seq 1 "$procs"); do "$ws" new "C$p" --title "Concurrent writer $p" >/dev/null 2>&1 || true; done
log="$(git rev-parse --git-common-dir)/ws/log.sqlite"
before=$(sqlite3 "$log" "SELECT count(*) FROM events")
start=$(date +%s.%N)
for p in $(seq 1 "$procs"); do
  ( for n in $(seq 1 "$each"); do "$ws" log "C$p" "entry $n" >/dev/null || exit 1; done ) &
done
wait
end=$(date +%s.%N)
after=$(sqlite3 "$log" "SELECT count(*) FROM events")
[ "$after" = "$(sqlite3 "$log" "SELECT max(seq) FROM events")" ] || { echo "gap in the sequence" >&2; exit 1; }
"$ws" verify >/dev/null
python3 -c "n=$after-$before; t=$end-$start; print(f'concurrent appends: {$procs} processes x {$each} = {n} events in {t:.2f} s = {n/t:.0f} events/s, no gap, verify ok')"
