#!/usr/bin/env bash
# The board of `ws serve` on a generated 10,000-workstream plan: server time
# per page with wrk (one connection, so each figure is one request's time on
# loopback, body included), the first request after a new event (the project
# snapshot rebuilt), and page load in headless Chromium. Prints a Markdown
# table and writes it to <results>/board.txt, which bench/report.py includes.
#
#   bench/board.sh [ws-binary] [repository] [results-dir]
#
# Without a repository it generates one (WS_BENCH_WORKSTREAMS workstreams,
# WS_BOARD_EVENTS events: 100,000 by default; the board reads the read models,
# whose size depends on the workstreams, not on the length of the log).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ws="${1:-}"
repo="${2:-}"
results="${3:-/tmp/ws-board-bench}"
count="${WS_BENCH_WORKSTREAMS:-10000}"
events="${WS_BOARD_EVENTS:-100000}"
seconds="${WS_BOARD_SECONDS:-5}"
mkdir -p "$results"

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
cd "$root"
if [ -z "$ws" ]; then
  "$root/scripts/swift-release.sh" --product ws >/dev/null
  ws="$("$root/scripts/swift-release.sh" --show-bin-path)/ws"
fi
export WS_AGENT=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
if [ -z "$repo" ]; then
  swift build -c release --product ws-benchgen >/dev/null
  gen="$(swift build -c release --show-bin-path)/ws-benchgen"
  repo="$results/repo"
  echo "== generating $count workstreams, $events events"
  rm -rf "$results/data" "$repo" && mkdir -p "$repo"
  "$gen" "$results/data" "$count" "$events"
  git -C "$repo" init -q -b main
  (cd "$repo" && "$ws" init >/dev/null && "$ws" import "$results/data/ws-export.jsonl" >/dev/null)
fi
mid="$(cd "$repo" && "$ws" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s[len(s)//2]["id"])')"

out="$results/serve.out"
(cd "$repo" && exec "$ws" serve --port 0 >"$out" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "the board is at" "$out" && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$out" | head -1)"
[ -n "$base" ] || { echo "ws serve did not start: $(cat "$out")" >&2; exit 1; }

table="$results/board.txt"
{
  echo "| \`ws serve\` page ($count workstreams) | median | 99th percentile | requests/s | size |"
  echo "| --- | --- | --- | --- | --- |"
} > "$table"
for path in "/" "/?all=1" "/blocked" "/graph" "/graph?focus=$mid" "/w/$mid" "/history" "/api/status" "/api/blocked"; do
  curl -s -o /dev/null "$base$path"
  size="$(curl -s "$base$path" | wc -c)"
  wrk -t1 -c1 -d"${seconds}s" --latency "$base$path" > "$results/wrk.txt"
  median="$(awk '$1 == "50%" { print $2 }' "$results/wrk.txt")"
  p99="$(awk '$1 == "99%" { print $2 }' "$results/wrk.txt")"
  rps="$(awk '/Requests\/sec/ { print $2 }' "$results/wrk.txt")"
  echo "| \`$path\` | $median | $p99 | $rps | $((size / 1024)) KiB |" >> "$table"
done

# Live: from the end of a `ws log` to the message on the event stream (the head is polled every
# 250 ms, and announced once the snapshot at it is made), then the board page fetched right after it.
stream="$results/stream.txt"
curl -sN "$base/api/stream" > "$stream" &
reader=$!
sleep 1
live=(); after=()
for i in 1 2 3 4 5; do
  (cd "$repo" && "$ws" log "$mid" "board bench $i" >/dev/null)
  start="$(date +%s.%N)"
  seq="$(curl -s "$base/api/head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')"
  until grep -q "data: {\"seq\":$seq}" "$stream"; do sleep 0.01; done
  live+=("$(printf "%.3f" "$(echo "$(date +%s.%N) - $start" | bc)")")
  after+=("$(curl -s -o /dev/null -w '%{time_total}' "$base/")")
done
kill "$reader" 2>/dev/null || true
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
echo "| a \`ws log\` to its message on \`/api/stream\` (median of 5) | $(median "${live[@]}") s | — | — | — |" >> "$table"
echo "| \`/\` fetched right after that message (median of 5) | $(median "${after[@]}") s | — | — | — |" >> "$table"

python3 "$root/bench/board_pageload.py" "$base" >> "$table"
cat "$table"
