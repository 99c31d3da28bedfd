#!/usr/bin/env bash
# make bench: ws beside Taskwarrior on a generated plan of 10,000 workstreams,
# ~30,000 dependencies and 1,000,000 events. Whole-process times from
# hyperfine (medians of repeated runs); writes BENCHMARKS.md.
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
# ws itself statically linked against the Swift runtime, which halves process start-up, and
# position-dependent (-no-pie), which spares every start ninety thousand relative relocations.
swift build -c release --static-swift-stdlib -Xlinker -no-pie --scratch-path .build-static --product ws >/dev/null
swift build -c release --product ws-benchgen >/dev/null
swift build -c release --product ws-loadgen >/dev/null
bin="$(swift build -c release --show-bin-path)"
ws="$(swift build -c release --static-swift-stdlib -Xlinker -no-pie --scratch-path .build-static --show-bin-path)/ws"
export WS_AGENT=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export TASKDATA="$work/tw" TASKRC="$work/taskrc"
repo="$work/repo"
# WS_BENCH_REUSE=1 times again what an earlier run loaded.
if [ "${WS_BENCH_REUSE:-}" != 1 ] || [ ! -d "$repo" ]; then
rm -rf "$work" && mkdir -p "$work/results"
echo "== generating $count workstreams, $events events"
"$bin/ws-benchgen" "$work/data" "$count" "$events" | tee "$work/results/plan.txt"

fresh_repo() { rm -rf "$1" && mkdir -p "$1" && git -C "$1" init -q -b main && (cd "$1" && "$ws" init >/dev/null); }

echo "== loading ws (import, then the first commit of every document)"
fresh_repo "$repo"
hyperfine --runs 1 --export-json "$work/results/import.json" \
  --prepare "rm -rf '$work/imp' && mkdir -p '$work/imp' && git -C '$work/imp' init -q -b main && cd '$work/imp' && '$ws' init >/dev/null" \
  "cd '$work/imp' && '$ws' import '$work/data/ws-export.jsonl'"
(cd "$repo" && "$ws" import "$work/data/ws-export.jsonl" && /usr/bin/time -f "first commit of all documents: %e s" "$ws" commit)
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
  [ -n "${3:-}" ] && hyperfine -N --warmup 1 --runs "${WS_BENCH_TW_RUNS:-3}" --export-json "$work/results/$1-tw.json" "$3" >/dev/null
  echo "   $1"
}
# One run per freshly prepared item, for commands that change what they act on.
hfscan() { hyperfine -N --runs 1 --parameter-scan n 1 "$runs" --export-json "$work/results/$1.json" "${@:2}" >/dev/null; echo "   $1"; }
cd "$repo"
echo "== timing"
hf version "$ws --version" "task --version"
hf ready "$ws ready --json" "task +READY export"
hf blocked "$ws blocked --json" "task +BLOCKED export"
hf status "$ws status --json" "task export"
hf show "$ws show $mid --json" "task uuid:00000000-0000-4000-8000-$(printf '%012x' $((count / 2))) export"
hf append "$ws log $mid 'benchmark entry'" "task add benchmark entry"
python3 "$root/bench/mcp_ready.py" "$ws" "$repo" 200 "$work/results/mcp-ready.json" | sed 's/^/   /'
# As its holder, if the generated plan started it: fencing refuses anyone else's task done.
holder="$("$ws" show "$mid" --json | python3 -c 'import json, sys; print(json.load(sys.stdin).get("agent") or "")')"
hfscan taskdone \
  --prepare "$ws task add $mid bench-task-$stamp-{n} --task-id b$stamp-{n}" "$ws task done $mid b$stamp-{n}${holder:+ --agent $holder}"
hfscan complete \
  --prepare "sh -c '$ws new B$stamp-{n} --title Bench-{n} && $ws start B$stamp-{n}'" "$ws complete B$stamp-{n}"
hfscan gitcommit \
  --prepare "sh -c 'echo {n} >> Workstreams/README.md'" "sh -c 'git add Workstreams/README.md && git commit -q -m bench-{n}'"
git reset -q --hard HEAD~"$runs"
hyperfine --runs 1 --export-json "$work/results/rebuild.json" "$ws rebuild" >/dev/null; echo "   rebuild"
"$root/bench/sync.sh" "$ws" "$repo" "$bin/ws-loadgen" "$work/results"
"$root/bench/concurrent.sh" "$ws" "$repo" 16 200 "$bin/ws-loadgen" | tee "$work/results/concurrent.txt"
"$ws" verify >/dev/null && echo "   verify ok after the concurrent appends"

echo "== the board (ws serve)"
"$root/bench/board.sh" "$ws" "$repo" "$work/results" >/dev/null && echo "   board"
WS_BIN="$ws" python3 "$root/bench/report.py" "$work/results" > "$root/BENCHMARKS.md"
echo "== wrote BENCHMARKS.md"
cat "$root/BENCHMARKS.md"
