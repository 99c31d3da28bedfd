#!/usr/bin/env bash
# make bench: ws beside Taskwarrior on a generated plan of 10,000 workstreams,
# ~30,000 dependencies and 1,000,000 events. Whole-process times from
# hyperfine (medians of repeated runs); writes BENCHMARKS.md through bench/report.py, each
# figure beside the previous run's (bench/previous.json, replaced by this run's figures after a
# full-size run). The PostgreSQL store is measured by bench/postgres.sh (a throwaway server).
# Scale and shape: WS_BENCH_WORKSTREAMS, WS_BENCH_EVENTS, WS_BENCH_RUNS, WS_BENCH_TW_RUNS,
# WS_BENCH_REWRITE_RUNS (completes after a rewritten history, 5), WS_BENCH_PG_EVENTS (the
# PostgreSQL plan's log, 200,000), WS_BENCH_DIR, WS_BENCH_REUSE=1 (keep what was loaded) and
# WS_BENCH_BIN (a folder with ws, ws-benchgen and ws-loadgen already built: to try the bench
# itself, e.g. WS_BENCH_WORKSTREAMS=600 WS_BENCH_EVENTS=20000 WS_BENCH_RUNS=3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${WS_BENCH_DIR:-/tmp/ws-bench}"
count="${WS_BENCH_WORKSTREAMS:-10000}"
events="${WS_BENCH_EVENTS:-1000000}"
runs="${WS_BENCH_RUNS:-15}"

"$root/scripts/install-deps.sh"
need=()
for p in taskwarrior hyperfine; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

cd "$root"
if [ -n "${WS_BENCH_BIN:-}" ]; then
  # A folder already holding ws, ws-benchgen and ws-loadgen (to try the bench itself at a small scale).
  bin="$WS_BENCH_BIN"; ws="$bin/ws"
else
# ws itself as it ships (scripts/swift-release.sh says what its flags spare every start).
"$root/scripts/swift-release.sh" --product ws >/dev/null
swift build -c release --product ws-benchgen >/dev/null
swift build -c release --product ws-loadgen >/dev/null
bin="$(swift build -c release --show-bin-path)"
ws="$("$root/scripts/swift-release.sh" --show-bin-path)/ws"
fi
export WS_AGENT=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export TASKDATA="$work/tw" TASKRC="$work/taskrc"
repo="$work/repo"
# WS_BENCH_REUSE=1 times again what an earlier run loaded.
if [ "${WS_BENCH_REUSE:-}" != 1 ] || [ ! -d "$repo" ]; then
rm -rf "$work" && mkdir -p "$work/results"
echo "== generating $count workstreams, $events events"
"$bin/ws-benchgen" "$work/data" "$count" "$events" | tee "$work/results/plan.txt"

echo "== loading ws (import, timed once, then the first commit of every document)"
hyperfine --runs 1 --export-json "$work/results/import.json" \
  --prepare "rm -rf '$repo' && mkdir -p '$repo' && git -C '$repo' init -q -b main && cd '$repo' && '$ws' init >/dev/null" \
  "cd '$repo' && '$ws' import '$work/data/ws-export.jsonl'" >/dev/null
(cd "$repo" && /usr/bin/time -f "first commit of all documents: %e s" "$ws" commit)
echo "files in the repository: $(git -C "$repo" ls-files | wc -l)" | tee "$work/results/files.txt"

echo "== loading Taskwarrior"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nrecurrence=off\ngc=off\n' "$TASKDATA" > "$TASKRC"
/usr/bin/time -f "%e" -o "$work/results/tw-import.txt" task import "$work/data/taskwarrior.json" >/dev/null 2>&1 || true
fi

mid="W$(printf '%05d' $((count / 2)))"
stamp="$(date +%s)" # fresh task and workstream ids on every run
# ws with repeated runs; Taskwarrior, which takes seconds a query on this plan, with three.
hf() {
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/results/$1.json" "$2" >/dev/null
  [ -n "${3:-}" ] && hyperfine -N --warmup "${WS_BENCH_TW_WARMUP:-1}" --runs "${WS_BENCH_TW_RUNS:-3}" \
    --export-json "$work/results/$1-tw.json" "$3" >/dev/null
  echo "   $1"
}
# One run per freshly prepared item, for commands that change what they act on.
hfscan() {
  local name="$1" last="$runs"; shift
  [ "${1:-}" = --runs-override ] && { last="$2"; shift 2; }
  hyperfine -N --runs 1 --parameter-scan n 1 "$last" --export-json "$work/results/$name.json" "$@" >/dev/null
  echo "   $name"
}
cd "$repo"
echo "== timing"
hf version "$ws --version" "task --version"
hf ready "$ws ready --json" "task +READY export"
hf blocked "$ws blocked --json" "task +BLOCKED export"
hf status "$ws status --json" "task export"
hf show "$ws show $mid --json" "task uuid:00000000-0000-4000-8000-$(printf '%012x' $((count / 2))) export"
hf append "$ws log $mid 'benchmark entry'" "task add benchmark entry"
# Start-up on a plan small enough that neither tool's time is the plan's: one append each.
small="$work/small"
if [ ! -d "$small/repo" ]; then
  "$bin/ws-benchgen" "$small/data" 100 1000 >/dev/null
  mkdir -p "$small/repo" "$small/tw" && git -C "$small/repo" init -q -b main
  (cd "$small/repo" && "$ws" init >/dev/null && "$ws" import "$small/data/ws-export.jsonl" >/dev/null && "$ws" commit >/dev/null)
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nrecurrence=off\ngc=off\n' "$small/tw" > "$small/taskrc"
  TASKDATA="$small/tw" TASKRC="$small/taskrc" task import "$small/data/taskwarrior.json" >/dev/null 2>&1 || true
fi
# Both sides measured alike here (the same warm-up and runs): the two medians are within a few tenths of a
# millisecond, where Taskwarrior's usual three runs would decide the comparison by noise.
(cd "$small/repo" && TASKDATA="$small/tw" TASKRC="$small/taskrc" WS_BENCH_TW_RUNS="$runs" WS_BENCH_TW_WARMUP=3 \
  hf append-small "$ws log W00050 'benchmark entry'" "task add benchmark entry")
python3 "$root/bench/mcp_ready.py" "$ws" "$repo" 200 "$work/results/mcp-ready.json" | sed 's/^/   /'
# As its holder, if the generated plan started it: fencing refuses anyone else's task done.
holder="$("$ws" show "$mid" --json | python3 -c 'import json, sys; print(json.load(sys.stdin).get("agent") or "")')"
hfscan taskdone \
  --prepare "$ws task add $mid bench-task-$stamp-{n} --task-id b$stamp-{n}" "$ws task done $mid b$stamp-{n}${holder:+ --agent $holder}"
hfscan complete \
  --prepare "sh -c '$ws new B$stamp-{n} --title Bench-{n} && $ws start B$stamp-{n}'" "$ws complete B$stamp-{n}"
# git's command line committing the same change: each run appends a line to exactly the files
# the matching ws complete changed (its commit's added and modified paths) and commits them.
for n in $(seq 1 "$runs"); do
  git diff --name-only --diff-filter=AM "HEAD~$((runs - n + 1))" "HEAD~$((runs - n))" > "$work/changed-$n.txt"
done
wc -l < "$work/changed-1.txt" | xargs printf '%s\n' > "$work/results/complete-files.txt"
hfscan gitcommit \
  --prepare "sh -c 'while read -r f; do echo {n} >> \"\$f\"; done < $work/changed-{n}.txt'" \
  "sh -c 'git add --pathspec-from-file=$work/changed-{n}.txt && git commit -q -m bench-{n}'"
git reset -q --hard HEAD~"$runs"
# The first ws complete after history was rewritten under ws: each run amends the last ws commit
# (committer date a day and n seconds back, so a new hash), then completes a workstream started just before.
rewrites="${WS_BENCH_REWRITE_RUNS:-5}"
hfscan complete-rewritten --runs-override "$rewrites" \
  --prepare "sh -c '$ws new R$stamp-{n} --title Rewrite-{n} && $ws start R$stamp-{n} && GIT_COMMITTER_DATE=\"\$(($stamp - 86400 - {n})) +0000\" git commit -q --amend --no-edit --allow-empty'" \
  "$ws complete R$stamp-{n}"
hyperfine --runs 1 --export-json "$work/results/rebuild.json" \
  "/usr/bin/time -f %M -o $work/results/rebuild-rss.txt $ws rebuild" >/dev/null; echo "   rebuild"
"$root/bench/sync.sh" "$ws" "$repo" "$bin/ws-loadgen" "$work/results"
"$root/bench/concurrent.sh" "$ws" "$repo" 16 200 "$bin/ws-loadgen" | tee "$work/results/concurrent.txt"
"$ws" verify >/dev/null && echo "   verify ok after the concurrent appends"

echo "== the PostgreSQL store (bench/postgres.sh: a throwaway server on loopback)"
if [ -x "$root/bench/postgres.sh" ]; then
  # The same number of workstreams with a shorter log (WS_BENCH_PG_EVENTS): the listings read the
  # read models, whose size follows the workstreams, and importing 1,000,000 events into PostgreSQL
  # would be the longest step of the bench without adding a figure.
  "$bin/ws-benchgen" "$work/pg-data" "$count" "${WS_BENCH_PG_EVENTS:-200000}" > "$work/results/pg-plan.txt"
  "$root/bench/postgres.sh" "$ws" "$bin/ws-loadgen" "$work/pg-data/ws-export.jsonl" "$work/results" "$runs"
else
  echo "   bench/postgres.sh is missing: no PostgreSQL figures" | tee "$work/results/pg-missing.txt"
fi

echo "== the board (ws serve)"
"$root/bench/board.sh" "$ws" "$repo" "$work/results" >/dev/null && echo "   board"
"$root/bench/graph.sh" "$ws" "$repo" "$work/results" >/dev/null && echo "   graph"
echo "== the team server (bench/mcp_load.py: 50 agents x 100 mixed MCP calls over HTTP, one ws serve)"
python3 "$root/bench/mcp_load.py" --ws "$ws" --label sqlite --out "$work/results" "$repo"
python3 "$root/bench/mcp_load.py" --ws "$ws" --label sqlite-paced --pace 0.5 --out "$work/results" "$repo"
WS_BIN="$ws" python3 "$root/bench/report.py" "$work/results" "$root/bench/previous.json" > "$root/BENCHMARKS.md"
echo "== wrote BENCHMARKS.md"
# This run's figures become the previous ones of the next full run (never those of a smaller plan).
if [ "$count" = 10000 ] && [ "$events" = 1000000 ]; then cp "$work/results/figures.json" "$root/bench/previous.json"; fi
cat "$root/BENCHMARKS.md"
