"""Turns the hyperfine results of bench/run.sh into BENCHMARKS.md."""
import json, os, platform, statistics, subprocess, sys

results = sys.argv[1]

def load(name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return []
    return json.load(open(path))["results"]

def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"

def summary(entries):
    times = [t for e in entries for t in e["times"]]
    if not times:
        return None
    return statistics.median(times), min(times), max(times)

def cell(s):
    if s is None:
        return "—"
    med, lo, hi = s
    return f"{ms(med)} ({ms(lo)}–{ms(hi)})"

def version(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"

# Why a target is missed, from profiling (callgrind instruction counts, perf, WS_TRACE=1), and what would fix it.
# Instruction counts are repeatable where wall times on a shared two-core machine are not.
WHY = {
    "ready": "The answer is small; the time is the process floor (see `--version`) plus opening the log. "
             "On this machine wall times move by a third from hour to hour (Taskwarrior's own floor too).",
    "blocked": "7,000 of the 10,000 workstreams are blocked, and the answer is 3 MB of JSON carrying each one's waiting list, "
               "chain and root blockers. callgrind: 273 M instructions in all (421 M before this round): reading the 10,000 "
               "summaries and 30,000 dependencies from SQLite into Swift values 128 M, the blocking analysis (one linear "
               "pass over indices) 67 M, writing the JSON from pre-escaped ids 62 M. What would fix it: keep each "
               "workstream's root blockers and chain in a read model updated on append (a completion changes only its "
               "dependents' sets), so the query copies stored answers instead of computing them; and `--limit` for "
               "scripts that need the first few.",
    "status": "callgrind: 193 M instructions, of which reading 10,000 summaries and their 30,000 dependencies is 128 M "
              "(SQLite's own row stepping ~40 M; the rest is building Swift strings and arrays) and writing 2 MB of JSON 49 M. "
              "What would fix it: a per-workstream JSON fragment kept in the read model, so the listing is one column "
              "copied out.",
    "append": "An append is the process floor plus an fsynced SQLite transaction (synchronous=FULL: an acknowledged event "
              "survives power loss). callgrind of `ws log`: 25.7 M instructions, 38 % of them the Swift runtime "
              "instantiating generic types at start-up (GRDB's), each scanning the protocol-conformance records of a "
              "160 MB static binary (Foundation, NIO, crypto). Done this round: libgit2 and libcurl are no longer loaded "
              "at start (dlopen on first use), the binary is position-dependent (no 90,000 start-up relocations), event "
              "times come from gmtime_r rather than ICU's ISO8601DateFormatter. What would fix the rest: a hot-path "
              "binary without Foundation and the PostgreSQL client, or fewer generic instantiations when opening the log.",
    "taskdone": "Same as one append: the process floor plus an fsynced append; the bench prepares each task with a "
                "`ws task add` just before, so every run starts cold.",
    "complete": "callgrind of one `ws complete`: 1.34 G instructions. libgit2 takes 0.85 G of them: writing the new "
                "10,000-entry `Workstreams/` and `.ws/journal/` trees and the blobs 514 M (Debian's libgit2 hashes with "
                "collision-detecting SHA-1, ~120 instructions a byte, 294 M; zlib 199 M), opening the 26,000-entry index "
                "(parse and checksum) 323 M, writing it back 188 M, `git_libgit2_init` 109 M (half of it mbedTLS parsing "
                "the system's CA certificates). ws's own share: the 10,000-row `Workstreams/README.md` 270 M and the "
                "summaries it is made from 128 M. Done this round: the index document over indices and written as bytes "
                "(about half of its time), index entries from stat data with the blob ids already known (no re-hash of "
                "the README), the index read once instead of twice, the new objects flushed with one syncfs instead of "
                "an fsync each. git's own command line needs the row below for the same commit. What would fix it: "
                "a loose-object and index writer with hardware SHA-1 (swift-crypto) instead of libgit2's, and the index "
                "updated in place (only the touched entries and the checksum); DESIGN.md's paths (`Workstreams/<id>-<slug>.md`, "
                "`.ws/journal/<id>.jsonl`) put 10,000 entries in one tree, so every commit rewrites two large trees.",
    "rebuild": "WS_TRACE=1: the read models from a replay of 1,000,000 events ~12 s (the replay ~5 s, writing the rows "
               "~7 s, one SQLite transaction); then the 16,000 documents (7.3 s) and the 10,000 journals (8.6 s, about 8.6 µs "
               "an event) side by side on the two cores, from the same replay (the log used to be replayed a second time "
               "for the documents); then comparing 26,000 files with HEAD and the work tree ~3–4 s. What would fix it: "
               "rendering the documents while the read-model rows are written (they need only the replayed state), journal "
               "lines written as bytes from one ordered scan of the events table instead of one query and a String per "
               "event, and the work tree compared by stat data from the index as git does.",
}

rows = [
    # key, operation, ws index, taskwarrior index, target seconds
    ("version", "`--version` (process floor)", 0, 1, None),
    ("ready", "`ws ready --json` / `task +READY export`", 0, 1, 0.020),
    ("blocked", "`ws blocked --json` / `task +BLOCKED export`", 0, 1, 0.020),
    ("status", "`ws status --json` (all) / `task export`", 0, 1, 0.060),
    ("show", "`ws show <id> --json` / `task uuid:<id> export`", 0, 1, None),
    ("append", "one append: `ws log` / `task add`", 0, 1, 0.015),
    ("taskdone", "one `ws task done`", None, None, 0.015),
    ("complete", "`ws complete` with documents and libgit2 commit", None, None, 0.100),
    ("gitcommit", "the same commit with the git command line (`git add` + `git commit`)", None, None, None),
    ("rebuild", "`ws rebuild` of the whole log, documents included", 0, None, 20.0),
    ("import", "`ws import` of the whole log", 0, None, None),
    ("sync", "`ws sync` in a clone after `git pull` of 1,000 new events", 0, None, 2.0),
]

tw_runs = len(load("ready-tw")[0]["times"]) if load("ready-tw") else 0
out = ["# Benchmarks", "", "Generated by `make bench` (bench/run.sh); do not edit by hand.", ""]
plan = open(os.path.join(results, "plan.txt")).read().strip() if os.path.exists(os.path.join(results, "plan.txt")) else ""
files = open(os.path.join(results, "files.txt")).read().strip() if os.path.exists(os.path.join(results, "files.txt")) else ""
cpu = ""
try:
    cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
except Exception:
    pass
mem = ""
try:
    mem = f"{int(open('/proc/meminfo').readline().split()[1]) // 1024 // 1024} GiB"
except Exception:
    pass
out += [
    f"- Machine: {os.cpu_count()} cores, {cpu}, {mem}, {platform.system()} {platform.release()}",
    f"- Versions: ws {version(os.environ.get('WS_BIN', 'ws') + ' --version')}, {version('swift --version 2>&1')}, Taskwarrior {version('task --version')}, {version('git --version')}, {version('hyperfine --version')}",
    f"- Plan: {plan}",
    f"- Repository: {files}",
    f"- Method: whole-process times with hyperfine (`-N`, 3 warm-up runs, then repeated runs); median, and in brackets the fastest and slowest run. Commands that change what they act on (`task done`, `complete`) run once per freshly prepared item; `import` and `rebuild` run once. Taskwarrior, which needs seconds per query on this plan, runs {tw_runs} time(s) after one warm-up.",
    "- Noise: this is a shared two-core virtual machine; the same binary's medians move by a third between runs an hour apart "
    "(Taskwarrior's too). The reasons below therefore quote callgrind instruction counts, which repeat exactly.",
    "- Reproduce: `make bench` (WS_BENCH_WORKSTREAMS, WS_BENCH_EVENTS, WS_BENCH_RUNS scale it).",
    "",
    "| operation | ws | Taskwarrior | ratio (TW / ws) | target | met |",
    "| --- | --- | --- | --- | --- | --- |",
]
for key, label, wi, ti, target in rows:
    entries = load(key)
    if not entries:
        continue
    if wi is None:
        ws_s = summary(entries)
        tw_s = None
    else:
        ws_s = summary([entries[wi]])
        tw = load(key + "-tw")
        tw_s = summary(tw) if ti is not None and tw else None
    ratio = f"{tw_s[0] / ws_s[0]:.1f}×" if ws_s and tw_s else "—"
    met = "—" if target is None or ws_s is None else ("yes" if ws_s[0] <= target else "**no**")
    out.append(f"| {label} | {cell(ws_s)} | {cell(tw_s)} | {ratio} | {ms(target) if target else '—'} | {met} |")
missed = []
for key, label, wi, ti, target in rows:
    entries = load(key)
    if not entries or target is None:
        continue
    s_ = summary([entries[wi]]) if wi is not None else summary(entries)
    if s_ and s_[0] > target and key in WHY:
        missed.append(f"- **{label}** ({ms(s_[0])} against {ms(target)}): {WHY[key]}")
tw_import = os.path.join(results, "tw-import.txt")
if os.path.exists(tw_import):
    out.append(f"| `task import` of the same plan | — | {open(tw_import).read().strip()} s | — | — | — |")
conc = os.path.join(results, "concurrent.txt")
if os.path.exists(conc):
    out += ["", "Appends from 16 concurrent processes (target: at least 1,000 events/s in total, no error, no loss):", ""]
    out += ["- " + line for line in open(conc).read().strip().splitlines()]
    out += ["", "The ledger figure is the log's throughput (each entry its own fsynced transaction, decided against the "
            "latest state); the command-line figure is bounded by starting one process per entry on two cores."]
board = os.path.join(results, "board.txt")
if os.path.exists(board):
    out += ["", "The board of `ws serve` (bench/board.sh; target: the board page under 200 ms server time). Server time is "
            "wrk's latency over one loopback connection, the body included; a column shows 200 cards unless `?all=1`:", ""]
    out += open(board).read().strip().splitlines()
if missed:
    # Changes made since the figures were taken are noted by hand in BENCHMARKS.md and dropped by the next run.
    out += ["", "## Targets not met yet, why, and what would fix it", ""] + missed
print("\n".join(out))
