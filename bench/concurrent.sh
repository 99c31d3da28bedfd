#!/usr/bin/env bash
# N processes, each appending M devlog entries to its own workstream at once;
# prints total events, seconds and events/s, and checks nothing was lost.
set -euo pipefail
ws="$1"; repo="$2"; procs="$3"; each="$4"
cd "$repo"
for p in $(seq 1 "$procs"); do "$ws" new "C$p" --title "Concurrent writer $p" >/dev/null 2>&1 || true; done
before=$("$ws" history --since 0 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
start=$(date +%s.%N)
for p in $(seq 1 "$procs"); do
  ( for n in $(seq 1 "$each"); do "$ws" log "C$p" "entry $n" >/dev/null || exit 1; done ) &
done
wait
end=$(date +%s.%N)
after=$("$ws" history --since 0 --json | python3 -c 'import json,sys; e=json.load(sys.stdin); s=[x["seq"] for x in e]; assert s==list(range(1,len(s)+1)), "gap"; print(len(e))')
"$ws" verify >/dev/null
python3 -c "n=$after-$before; t=$end-$start; print(f'concurrent appends: {$procs} processes x {$each} = {n} events in {t:.2f} s = {n/t:.0f} events/s, no gap, verify ok')"
