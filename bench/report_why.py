"""Why a figure in BENCHMARKS.md misses its target or got worse: text bench/report.py prints
beside the figure. Edit these after measuring the build they describe (callgrind, WS_TRACE=1).
"""

# The build the profiles below were measured on; report.py prints it beside each reason, so a
# reason older than the figures it explains shows as such.
MEASURED_AT = "b58db23"

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

# Start-up, measured on issue 21's i21-bench branch (static release build, stripped copy for callgrind).
MEASURED = {"version": "i21-bench", "append-small": "i21-bench"}
WHY["version"] = (
    "callgrind: 18.9 M instructions before issue 21, 60 % of them the Swift runtime scanning the binary's 10,859 "
    "protocol-conformance records for swift-argument-parser's reflection; `--version` is now answered by the entry "
    "point before the parser (5.1 M), and the binary exports no symbols (`--no-export-dynamic`: the runtime's "
    "start-up `dladdr` searched 49,612 of them, 1.7 M): 3.4 M now, most of it the dynamic loader binding libstdc++, "
    "libsqlite3 and libc.")
WHY["append-small"] = (
    "callgrind: `ws log` 24.3 M instructions against `task add`'s 22.9 M; 11 M of ws's are the Swift runtime "
    "instantiating generic types by mangled name while the log opens (GRDB), each new conformance check scanning "
    "10,859 records (2,744 of them from the server stack: NIO, PostgresNIO, Hummingbird, swift-crypto). Both fsync "
    "four times; SQLite's WAL is created, its folder fsynced and the WAL deleted by every process.")

# Why a figure got worse than the previous run (bench/previous.json), by the same keys.
WORSE = {}
