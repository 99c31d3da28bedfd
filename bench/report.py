"""Turns the results of bench/run.sh into BENCHMARKS.md.

    python3 bench/report.py <results folder> [previous.json]

Every figure is printed beside the previous run's (bench/previous.json); a figure more than
10 % worse is marked and listed with its reason (bench/report_why.py). Writes this run's
figures to <results>/figures.json, which run.sh keeps as the next run's previous.json.
"""
import json, os, platform, re, statistics, subprocess, sys
from report_why import WHY, WORSE, MEASURED_AT, MEASURED, SLOWER_HOST, WORSE_ON_SLOWER_HOST, STARTUP

results = sys.argv[1]
previous = json.load(open(sys.argv[2])) if len(sys.argv) > 2 and os.path.exists(sys.argv[2]) else {}
figures = {}  # this run's medians, by key: the next run's previous figures
# The repository whose build was measured (run.sh calls this from inside the bench's own repository).
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    path = os.path.join(results, name + ".json")
    return json.load(open(path))["results"] if os.path.exists(path) else []


def text(name):
    path = os.path.join(results, name)
    return open(path).read().strip() if os.path.exists(path) else ""


def ms(seconds):
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def summary(key):
    """(median, fastest, slowest) of a hyperfine export, or of the MCP round trips; None if absent."""
    if key == "mcp-ready":
        path = os.path.join(results, "mcp-ready.json")
        if not os.path.exists(path):
            return None
        m = json.load(open(path))
        figures[key] = m["median_ms"] / 1000
        return m["median_ms"] / 1000, m["median_ms"] / 1000, m["p90_ms"] / 1000
    if key == "tw-import":
        t = text("tw-import.txt")
        if not re.fullmatch(r"[0-9.]+", t):
            return None
        figures[key] = float(t)
        return (float(t),) * 3
    times = [t for e in load(key) for t in e["times"]]
    if not times:
        return None
    figures[key] = statistics.median(times)
    return statistics.median(times), min(times), max(times)


def cell(s, key=""):
    if s is None:
        return "—"
    med, lo, hi = s
    if key == "mcp-ready":
        return f"{ms(med)} (90th percentile {ms(hi)})"
    return ms(med) if lo == hi else f"{ms(med)} ({ms(lo)}–{ms(hi)})"


def prior(key):
    """The previous figure and where it is from: the last full run, or issue 21's measurements."""
    if key in previous.get("figures", {}):
        return previous["figures"][key], ""
    if key in previous.get("issue", {}):
        return previous["issue"][key], " ¹"
    return None, ""


worse = []


def prior_cell(key, label, now, higher_is_better=False, listed=True):
    value, mark = prior(key)
    if value is None:
        return "—"
    shown = f"{value:.0f} events/s" if higher_is_better else ms(value)
    if now is not None and (now < value / 1.1 if higher_is_better else now > value * 1.1):
        if listed:  # ws's own figures; a compared tool's worse figure is marked, not explained
            worse.append((key, label))
        return f"{shown}{mark} **worse**"
    return shown + mark


def version(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"


# key, operation, compared with (key, what), target seconds, least ratio (other / ws)
ROWS = [
    ("version", "`ws --version` (process floor) / `task --version`", ("version-tw", "Taskwarrior"), None, 1.0),
    ("append-small", "one append on a 100-workstream plan: `ws log` / `task add`", ("append-small-tw", "Taskwarrior"), None, 1.0),
    ("ready", "`ws ready --json` / `task +READY export`", ("ready-tw", "Taskwarrior"), 0.020, None),
    ("mcp-ready", "MCP `ready` call on a running `ws mcp` / a `ws ready --json` process", ("ready", "ws"), 0.010, None),
    ("blocked", "`ws blocked --json` / `task +BLOCKED export`", ("blocked-tw", "Taskwarrior"), 0.020, None),
    ("status", "`ws status --json` (all) / `task export`", ("status-tw", "Taskwarrior"), 0.060, None),
    ("show", "`ws show <id> --json` / `task uuid:<id> export`", ("show-tw", "Taskwarrior"), None, None),
    ("append", "one append: `ws log` / `task add`", ("append-tw", "Taskwarrior"), 0.015, None),
    ("taskdone", "one `ws task done`", None, 0.015, None),
    ("complete", "`ws complete` (documents + libgit2 commit) / `git add` + `git commit` of the same files",
     ("gitcommit", "git"), 0.100, 2.0),
    ("complete-rewritten", "the first `ws complete` after history was rewritten (amend)", None, 0.200, None),
    ("rebuild", "`ws rebuild` of the whole log, documents included", None, 20.0, None),
    ("import", "`ws import` of the whole log / `task import`", ("tw-import", "Taskwarrior"), None, None),
    ("sync", "`ws sync` after `git pull` of 1,000 events, a clone that never wrote", None, 2.0, None),
    ("sync-published", "`ws sync` after `git pull` of 1,000 events, a clone that published before", None, 2.0, None),
]
# bench/postgres.sh's results (pg-<key>.json), the SQLite figure beside each, the target.
PG_ROWS = [("ready", "`ready --json`", "ready", 0.050), ("blocked", "`blocked --json`", "blocked", 0.050),
           ("status", "`status --json`", "status", 0.050), ("show", "`show <id>`", None, 0.050),
           ("show-json", "`show <id> --json`", "show", 0.050), ("import", "`import` of the whole plan", "import", None)]


def main_table():
    out = ["| operation | ws | previous | compared with | its previous | ratio (other / ws) | target | met |",
           "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    missed = []
    for key, label, other, target, least in ROWS:
        s = summary(key)
        if s is None:
            continue
        o = summary(other[0]) if other else None
        ratio = o[0] / s[0] if o else None
        met = "—"
        if target is not None or least is not None:
            ok = (target is None or s[0] <= target) and (least is None or (ratio is not None and ratio >= least))
            met = "yes" if ok else "**no**"
            if not ok:
                missed.append(f"- **{label}** ({ms(s[0])}; target {ms(target) if target else '—'}"
                              f"{f', at least {least:.0f}× ahead' if least else ''}): "
                              f"{f'{WHY[key]} (profile of {MEASURED.get(key, MEASURED_AT)})' if key in WHY else 'not explained yet.'}")
        ws_cell = cell(s, key)
        if key == "rebuild" and text("rebuild-rss.txt"):
            ws_cell += f", peak memory {int(text('rebuild-rss.txt')) // 1024} MiB"
        goal = ", ".join(x for x in [f"< {ms(target)}" if target else "", f"≥ {least:.0f}×" if least else ""] if x)
        out.append(f"| {label} | {ws_cell} | {prior_cell(key, label, s[0])} | "
                   f"{f'{other[1]}: {cell(o, other[0])}' if o else '—'} | "
                   f"{prior_cell(other[0], label, o[0], listed=False) if o else '—'} | "
                   f"{f'{ratio:.2g}×' if ratio and ratio < 10 else (f'{ratio:.0f}×' if ratio else '—')} | {goal or '—'} | {met} |")
    return out, missed


def explain(missed, key, what):
    """Lists a missed target with its measured reason (report_why.WHY), or says it has none yet."""
    reason = f"{WHY[key]} (profile of {MEASURED.get(key, MEASURED_AT)})" if key in WHY else "not explained yet."
    missed.append(f"- **{what}**: {reason}")


def pg_table(missed):
    if not any(summary("pg-" + row[0]) for row in PG_ROWS):
        return [f"PostgreSQL: not measured in this run ({text('pg-missing.txt') or 'no results'})."]
    out = [f"The same queries against the PostgreSQL store on loopback (bench/postgres.sh, a throwaway server; "
           f"plan: {text('pg-plan.txt') or 'the same'}), beside SQLite's figures from the table above "
           "(the listings' cost follows the workstreams, not the length of the log):", "",
           "| operation | PostgreSQL | previous | SQLite (this run) | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    for key, label, sqlite, target in PG_ROWS:
        s = summary("pg-" + key)
        if s is None:
            continue
        lite = summary(sqlite) if sqlite else None
        met = "—" if target is None else ("yes" if s[0] <= target else "**no**")
        if met == "**no**":
            explain(missed, "pg-" + key, f"PostgreSQL {label} ({ms(s[0])}; target {ms(target)})")
        out.append(f"| {label} | {cell(s)} | {prior_cell('pg-' + key, 'PostgreSQL ' + label, s[0])} | {cell(lite)} "
                   f"| {f'< {ms(target)}' if target else '—'} | {met} |")
    return out


def team_server_lines(missed):
    """bench/mcp_load.py's runs: one ws serve on the SQLite bench repository, two on the PostgreSQL store, two
    with one killed mid-load; each back to back (the server's capacity) and paced (DESIGN.md's p99 target)."""
    labels = [("sqlite", "one server, SQLite"), ("sqlite-paced", "one server, SQLite, paced"),
              ("pg-two", "two servers, one PostgreSQL store"),
              ("pg-two-paced", "two servers, one PostgreSQL store, paced"),
              ("pg-two-kill", "two servers, the second killed (SIGKILL) a third of the way")]
    rows = []
    for label, title in labels:
        path = os.path.join(results, f"mcp-load-{label}.json")
        if not os.path.exists(path):
            continue
        r = json.load(open(path))
        figures[f"mcp-load-{label}-p50"] = r["p50_ms"]
        figures[f"mcp-load-{label}-p99"] = r["p99_ms"]
        exact = r["errors"] == 0 and r["missing"] == 0 and r["doubled"] == 0
        if not exact:
            explain(missed, f"mcp-load-{label}", f"team server, {title}: {r['errors']} errors, {r['missing']} "
                                                 f"acknowledged writes missing, {r['doubled']} doubled")
        offered = r.get("offered_per_s")
        if offered and r["p99_ms"] >= 50:
            explain(missed, f"mcp-load-{label}-p99", f"team server, {title}: p99 {r['p99_ms']} ms at {offered:.0f} "
                                                     f"calls/s offered (target under 50 ms)")
        load = f"{offered:.0f}/s offered" if offered else "back to back"
        rows.append(f"| {title} | {load} | {r['answered']} of {r['calls']} | {r['calls_per_s']:.0f} | {r['p50_ms']} ms "
                    f"| {r['p99_ms']} ms | {r['errors']} | {r['acknowledged_writes']} | {r['missing']} / {r['doubled']} "
                    f"| {r['unacknowledged'] if r['killed'] else '—'} |")
    if not rows:
        return []
    return ["", "The team server (bench/mcp_load.py): 50 agents, each with its own token, make 100 mixed MCP calls "
            "over HTTP (2026-07-28, stateless; half write: log, artifact, renew; half read: ready, show, context, "
            "blocked; each agent from its own place in the mix), one call at a time; afterwards every acknowledged "
            "write is looked up in the log (`ws export`) at the sequence number its agent was told. Back to back, "
            "the agents keep the server saturated: the rate is its capacity, and the latency is the queue (50 "
            "agents / calls per second, Little's law), not a call's cost. Paced, each agent starts a call every "
            "0.5 s (100 calls/s in all, far above what 50 coding agents that think between calls ask): DESIGN.md's "
            "target, p99 under 50 ms, is read there.", "",
            "| servers | load | calls answered | calls/s | p50 | p99 | errors | writes acknowledged | missing / doubled "
            "| unacknowledged (killed server) |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"] + rows


def concurrent_lines(missed):
    out = []
    path = os.path.join(results, "pg-appends.json")
    if os.path.exists(path):
        a = json.load(open(path))
        line = (f"concurrent appends (ledger): {a['processes']} processes x {a['each']} = {a['events']} events in "
                f"{a['seconds']:.2f} s = {a['events_per_s']:.0f} events/s, no gap, none lost")
        with open(os.path.join(results, "pg-concurrent.txt"), "w") as f:
            f.write(line + "\n")
    for name, prefix in [("concurrent.txt", "concurrent"), ("pg-concurrent.txt", "pg-concurrent")]:
        for line in text(name).splitlines():
            rate = re.search(r"= (\d+) events/s", line)
            mode = re.search(r"\((\w+)\)", line)
            key = f"{prefix}-{mode.group(1) if mode else 'ledger'}"
            now = float(rate.group(1)) if rate else None
            if now is not None:
                figures[key] = now
                if now < 1000 and key.endswith("-ledger"):
                    explain(missed, key, f"{'PostgreSQL' if prefix == 'pg-concurrent' else 'SQLite'} "
                                         f"{line.split(':')[0]} ({now:.0f} events/s; target 1,000)")
            store = "PostgreSQL" if prefix == "pg-concurrent" else "SQLite"
            before = prior_cell(key, f"{store} {line.split(':')[0]}", now, higher_is_better=True)
            out.append(f"- {store}, {line} (previous: {before})")
    return out


def header():
    cpu = mem = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
        mem = f"{int(open('/proc/meminfo').readline().split()[1]) // 1024 // 1024} GiB"
    except Exception:
        pass
    tw_runs = len(load("ready-tw")[0]["times"]) if load("ready-tw") else 0
    return [
        "# Benchmarks", "", "Generated by `make bench` (bench/run.sh, bench/report.py); do not edit by hand.", "",
        f"- Machine: {os.cpu_count()} cores, {cpu}, {mem}, {platform.system()} {platform.release()}",
        f"- Versions: ws {version(os.environ.get('WS_BIN', 'ws') + ' --version')}, {version('swift --version 2>&1')}, "
        f"Taskwarrior {version('task --version')}, {version('git --version')}, {version('hyperfine --version')}",
        f"- Plan: {text('plan.txt')}",
        f"- Repository: {text('files.txt')}; one `ws complete` commit changes {text('complete-files.txt') or '?'} files",
        "- Method: whole-process times with hyperfine (`-N`, 3 warm-up runs, then repeated runs); median, and in "
        "brackets the fastest and slowest run. Commands that change what they act on (`task done`, `complete`, the "
        "git commit) run once per freshly prepared item: each git run appends a line to exactly the files the matching "
        "`ws complete` commit changed, then `git add` + `git commit` them. `import`, `rebuild` and `sync` run once "
        f"(rebuild's peak memory from `/usr/bin/time -f %M`). Taskwarrior runs {tw_runs} time(s) after one warm-up, "
        "and only where it is compared.",
        f"- Previous: the figures of the run before ({previous.get('source', 'none')}; ¹ from issue 21's own "
        "measurements, where that run had none). **worse** marks a median more than 10 % worse than before.",
        "- Noise: this is a shared two-core virtual machine; the same binary's medians move by a third between runs "
        "an hour apart (Taskwarrior's too). The reasons below therefore quote callgrind instruction counts, which repeat.",
        "- Reproduce: `make bench` (WS_BENCH_WORKSTREAMS, WS_BENCH_EVENTS, WS_BENCH_RUNS scale it).", "",
    ]


def main():
    out = header()
    table, missed = main_table()
    out += table
    out += ["", STARTUP]
    out += ["", "Appends from 16 concurrent processes (target: at least 1,000 events/s in total on each store, "
            "no gap, none lost):", ""] + concurrent_lines(missed)
    out += ["", "The ledger figure is the log's throughput (each entry its own durable transaction, decided against "
            "the latest state); the command-line figure is bounded by starting one process per entry on two cores.", ""]
    out += pg_table(missed)
    out += team_server_lines(missed)
    first = text("sync-fresh-clone.txt")
    if first:
        out += ["", f"A fresh clone's first command (`ws status`, importing every journal): {first} s."]
    if text("board.txt"):
        out += ["", "The board of `ws serve` (bench/board.sh; target: the board page under 200 ms server time). Server "
                "time is wrk's latency over one loopback connection, the body included; a column shows 200 cards "
                "unless `?all=1`:", ""] + text("board.txt").splitlines()
    if text("graph.txt"):
        out += ["", "The graph drawing (bench/graph.sh): the whole process of `ws graph --format svg`, Graphviz's `dot` "
                "run as a child process for every layout but the critical path's rows:", ""] + text("graph.txt").splitlines()
    if worse:
        out += ["", "## Worse than the previous run, and why", ""]
        fallback = SLOWER_HOST if WORSE_ON_SLOWER_HOST else 'not explained yet.'
        out += [f"- **{label}**: {WORSE.get(key, fallback)}" for key, label in worse]
    if missed:
        out += ["", "## Targets not met yet, why, and what would fix it", ""] + missed
    print("\n".join(out))
    with open(os.path.join(results, "figures.json"), "w") as f:
        json.dump({"about": "Figures of a full make bench: medians in seconds, events/s for the appends. "
                            "The next make bench prints them as previous.", "source": f"the make bench of {version('date -u +%Y-%m-%d')} at "
                                                                  f"{version('git -C ' + ROOT + ' rev-parse --short HEAD')}",
                   "figures": figures}, f, indent=1, sort_keys=True)


main()
