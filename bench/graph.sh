#!/usr/bin/env bash
# The graph drawing: `ws graph --format svg` (Graphviz's dot lays it out, as on the board's
# /graph page) on the demo plan and on the generated plan, where the board's limits apply
# (the critical path, drawn by ws in rows; a workstream's neighbourhood, laid out by dot).
# Prints a Markdown table and writes it to <results>/graph.txt, which bench/report.py includes.
#
#   bench/graph.sh ws-binary repository [results-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ws="$1"
repo="$2"
results="${3:-/tmp/ws-graph-bench}"
runs="${WS_BENCH_RUNS:-15}"
mkdir -p "$results"
command -v dot >/dev/null || { echo "bench/graph.sh: Graphviz's dot is missing (apt-get install graphviz)" >&2; exit 1; }
export WS_AGENT=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

demo="$results/graph-demo"
rm -rf "$demo" && mkdir -p "$demo" && git -C "$demo" init -q -b main
(cd "$demo" && "$ws" init >/dev/null && "$ws" plan apply "$root/examples/infrastructure-plan.yaml" >/dev/null)
count="$(cd "$repo" && "$ws" status --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
mid="$(cd "$repo" && "$ws" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s[len(s)//2]["id"])')"

table="$results/graph.txt"
{
  echo "| \`ws graph --format svg\` | boxes | edges | median | fastest | CPU (user+sys, dot included) | size |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$table"
row() {
  local label="$1" dir="$2" name="$3"; shift 3
  (cd "$dir" && "$ws" graph --format svg "$@" > "$results/$name.svg")
  (cd "$dir" && hyperfine -N --warmup 2 --runs "$runs" --export-json "$results/$name.json" \
    "$ws graph --format svg $*" >/dev/null)
  python3 - "$results/$name.json" "$results/$name.svg" "$label" >> "$table" <<'PY'
import json, statistics, sys
result = json.load(open(sys.argv[1]))["results"][0]
times, cpu = result["times"], (result["user"] + result["system"]) * 1000
svg = open(sys.argv[2]).read()
boxes, edges = svg.count('class="node-link"'), svg.count('<path class="edge')
print(f"| {sys.argv[3]} | {boxes} | {edges} | "
      f"{statistics.median(times) * 1000:.1f} ms | {min(times) * 1000:.1f} ms | {cpu:.1f} ms | {len(svg) // 1024} KiB |")
PY
}
row "the demo plan, whole (dot)" "$demo" graph-demo
row "$count workstreams: the critical path (ws's rows)" "$repo" graph-critical
row "$count workstreams: around $mid, 2 steps (dot)" "$repo" graph-focus2 --focus "$mid" --depth 2
row "$count workstreams: around $mid, 4 steps (dot, 250 at most)" "$repo" graph-focus4 --focus "$mid" --depth 4
cat "$table"
