#!/usr/bin/env bash
# N processes at once, each appending M devlog entries to its own workstream
# of one log; prints events/s and checks that nothing was lost or doubled.
# Twice: through the ledger in long-lived processes (the store's throughput),
# and as one `ws log` process per entry (what a shell loop gets).
set -euo pipefail
ws="$1"; repo="$2"; procs="$3"; each="$4"; loadgen="${5:-}"
cd "$repo"
log="$(git rev-parse --git-common-dir)/ws/log.sqlite"
for p in $(seq 1 "$procs"); do "$ws" new "C$p" --title "Concurrent writer $p" >/dev/null 2>&1 || true; done

run() {
  local mode="$1" before after start end
  before=$(sqlite3 "$log" "SELECT count(*) FROM events")
  start=$(date +%s.%N)
  for p in $(seq 1 "$procs"); do
    if [ "$mode" = ledger ]; then WS_STORE="$log" "$loadgen" "C$p" "$each" >/dev/null &
    else ( for n in $(seq 1 "$each"); do "$ws" log "C$p" "entry $n" >/dev/null || exit 1; done ) & fi
  done
  wait
  end=$(date +%s.%N)
  after=$(sqlite3 "$log" "SELECT count(*) FROM events")
  [ "$after" = "$(sqlite3 "$log" "SELECT max(seq) FROM events")" ] || { echo "gap in the sequence" >&2; exit 1; }
  [ "$((after - before))" = "$((procs * each))" ] || { echo "lost or doubled events: $((after - before))" >&2; exit 1; }
  python3 -c "n=$after-$before; t=$end-$start; print(f'concurrent appends ($mode): {$procs} processes x {$each} = {n} events in {t:.2f} s = {n/t:.0f} events/s, no gap, none lost')"
}
[ -n "$loadgen" ] && run ledger
run cli
