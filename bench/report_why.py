"""Why a figure in BENCHMARKS.md misses its target or got worse: text bench/report.py prints
beside the figure. Edit these after measuring the build they describe (callgrind, WS_TRACE=1).
"""

# The build the profiles below were measured on; report.py prints it beside each reason, so a
# reason older than the figures it explains shows as such.
MEASURED_AT = "be17b64"

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
    "complete": "callgrind of one `ws complete` on the 10,000-workstream plan (static release build): 360 M instructions "
                "(1.34 G before issue 21); 257 M once the index summary came from SQL aggregates (366 M before it, "
                "the same fixture and steps, a build stripped of debug info; median of 24 interleaved runs 41.1 ms "
                "against 49.9 ms). The index's inputs 45 M (127 M before): the summary's counts as two SQL aggregates "
                "walked in index order (by phase and status 16 M, by folder 10 M: each workstream's folder is a "
                "column, SQLite schema 9, no longer one SHA-256 an id), the rows it lists (in progress, in "
                "conflict) from a partial index, and only the touched pages' rows with their dependents and "
                "dependencies 12 M; the index rendered 11 M (31 M). Before that, reading all 10,000 summaries "
                "cost 63 M and hashing each id 36 M. Loading libgit2 65 M, 52 M of it mbedTLS parsing the "
                "system's CA certificates inside `git_libgit2_init` (Debian's libgit2 1.5 does it at init, "
                "whatever the command; since dbd42c7 ws exports its own two loaders, which load nothing: 1.2 M of a 228 M `ws complete`, callgrind on the bench repository); the commit 58 M, of which the 2.8 MB index's new SHA-1 34 M (the index ws "
                "wrote itself is no longer re-checksummed on read, as git reads it); Swift's runtime looking up "
                "protocol conformances for dynamic casts about 30 M; the rest the process, the append and the "
                "documents. The sharded layout made git's own commit of the same files cheaper as well (no "
                "10,000-entry trees). What would fix the rest: a commit that does not load libgit2 at all (ws's "
                "own loose objects, branch i21-gitwrite2, match libgit2's byte for byte but gain nothing while "
                "HEAD, locks and the reflog still go through libgit2).",
    "complete-rewritten": "Measured right after this run, this build and the one before alternated on the bench "
                          "repository: medians 158-164 ms, under the target; the bench's median of five was moved by "
                          "a run of 23.0 s (the host stalling). Before: callgrind: 1.27 G instructions (3.93 G before this round: reading the whole legacy seal "
                          "0.96 G, the evidence walk going back to the first commit 1.19 G, an extra catch-up commit "
                          "0.71 G; now the seal is read only for the legacy lines met, the walk stops where the two "
                          "histories meet, and an amend that left ws's files alone adds no commit). What remains is "
                          "what any commit a person made under ws costs the next command: checking the git index "
                          "against the new HEAD 0.32 G and reading the journals HEAD changed 0.52 G. What would fix "
                          "it: remember the blob ids of the journals ws itself committed, so a rewritten commit whose "
                          "journals are the same blobs is recognised without reading them.",
    "pg-status": "The answer is the 10,000 summaries with their dependencies as 2 MB of JSON. Measured earlier this "
                 "issue: the server's query 15-22 ms, the rest in the client: decoding 10,000 rows and their "
                 "dependency arrays from PostgreSQL's wire format through postgres-nio into Swift values, then "
                 "writing the JSON. What would fix it: each workstream's listing JSON kept in its row at append time "
                 "and read as one aggregated text (`string_agg`), the time-dependent lease fields added at read.",
    "pg-concurrent-ledger": "CPU-bound on this two-core host since schema 9 (measured at 54f538e): appends that "
                            "read only their own stream are numbered in the server, so the lock covers server work "
                            "only (before, it was held across a client round trip: 737-843/s, 30-37 % idle); vmstat "
                            "now shows 3-9 % idle during the 16 writers, and repeated runs of 16 x 200 on one server "
                            "give 950-1,160 appends/s, the spread this shared host's neighbours make. perf of the "
                            "writers: PostgreSQL 55 % of the CPU (the numbered call 30 %, its read-model writes 11 %, "
                            "the unlocked read 7 %, the commit and the durability message 5 %), the 16 clients 37 % "
                            "(SwiftNIO's event-loop thread 14 %). What would give more margin: the read-model writes as "
                            "static statements of the procedure (typed arrays, no SQL text), the unlocked read as a "
                            "prepared statement instead of a PL/pgSQL function with a SET clause, and the client's "
                            "event-loop hop (a blocking socket for the command line).",
    "sync-published": "WS_TRACE=1 of the sync: reading the pulled journal lines, the import (events that sort among "
                      "this clone's own now fold again only the workstreams they touch instead of replaying the "
                      "whole log: 5 s -> 0.25 s for 7,421 events), then the publish (reading the 2.8 MB index "
                      "0.2-0.5 s).",
    "concurrent-ledger": "Each append is its own transaction fsynced before it is acknowledged (synchronous=FULL, now "
                         "really in effect: GRDB had set NORMAL, which loses the last transactions on power loss), "
                         "and 16 processes take SQLite's one write lock in turn on two cores.",
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
    "start-up `dladdr` searched 49,612 of them, 1.7 M): 3.4 M, most of it the dynamic loader binding libstdc++, "
    "libsqlite3 and libgcc_s, which the release binary now carries (static-link/): 0.45 M and 180 page faults "
    "(272 before; `task --version` 6.3 M, 320).")
WHY["append-small"] = (
    "callgrind and perf stat of the static release build: `ws log` 15.1 M instructions and 616-627 page faults "
    "against `task add`'s 19.9 M and 416-422 (18.2 M and 690-710 before this round: the dynamic loader binding "
    "libstdc++, libsqlite3 and libgcc_s, 3.0 M and 70 faults, is gone: static-link/). What is left is not "
    "instructions: 40 % of ws's (12-16 % of its CPU time) are the Swift runtime instantiating generic types by "
    "mangled name, each first use of a conformance scanning all 10,869 records (ten scans of 0.6 M; the first also "
    "faults them in); the kernel's share is the page faults (of 633: 221 in the 33 MB of text, 111 pages of .bss "
    "written by the runtime's caches, 187 heap, stack and libc) and five fdatasyncs against four (the WAL header, "
    "its folder, the commit of 12 pages, and the checkpoint at close). Tried and measured: skipping that checkpoint"
    " (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) makes every process recover the whole WAL, which is then never restarted "
    "(20 MB after 300 appends; 8-12.6 ms of CPU an append against 5.3), so it stays; ordering the text by the "
    "functions `ws log` runs (lld --symbol-ordering-file from callgrind's list) took its text faults from about 210"
    " to 103, but lld's layout added others (52 fewer in all), and most of a module's functions share one section "
    "unless it is built with -function-sections; moving single scans off the path (Foundation's URL standardizing, "
    "a decoder) only moved them. What would fix the rest: a hot-path binary without the server stack (NIO, "
    "PostgresNIO, Hummingbird, SwiftASN1, Crypto's extras: about 3,000 of the 10,869 records, a quarter of every "
    "scan) and SQLite called directly on the append path instead of GRDB (its set-up costs three scans: functions, "
    "collations, table regions).")
WHY["append-small"] = (
    "callgrind of the static release build on this plan (4c0c8a3): `ws log` 14.6 M instructions against `task "
    "add`'s 19.9 M (15.9 M before this session: the registers column, which every append loads, is read by ws's own "
    "parser instead of JSONDecoder, 1.8 M and two runtime conformance scans; IN-list placeholders without the "
    "generic `joined`, one scan; no `$ORIGIN` run path, fourteen failed opens). Fewer instructions, yet not faster "
    "than Taskwarrior's process: ws's are costlier ones. Of the 14.6 M, GRDB opening the connection takes 3.4 M (its "
    "format check, default collations and functions) and its statement authorizer 2 M (on every statement it "
    "prepares); ten Swift runtime conformance scans remain (0.45 M each over 10,886 records, about 3,000 of them "
    "NIO's, PostgresNIO's and Hummingbird's), most in GRDB's set-up and generic code; the kernel's share is about "
    "620 page faults (Taskwarrior about 420) and five fdatasyncs. Moving single scans off the path only moves them "
    "(measured again: a decoder's scan reappeared in the encoder of the same type). What would fix it: the append "
    "path on SQLite's own API (statements prepared without GRDB's authorizer, the connection opened without its "
    "set-up) and a hot-path binary without the server stack, whose records every scan walks.")
MEASURED["append-small"] = "4c0c8a3"
MEASURED["pg-concurrent-ledger"] = "54f538e"
MEASURED["version"] = "i21-wslog"

# Why a figure got worse than the previous run (bench/previous.json), by the same keys.
# The run of 2026-12-06 05:35 (e.g. bf23a11) ran on a slower host: Taskwarrior, the same binary in both runs,
# was 1.4-2.7x slower too (`task --version` 5.9 ms against 2.2, `task +READY export` 7.02 s against 4.17,
# `task import` 780 ms against 330), and ws's instruction counts did not grow (callgrind of `ws complete`:
# 228 M against 257 M). Said once here for every figure that moved with the machine.
SLOWER_HOST = ("The host was slower in this run, not ws: Taskwarrior's unchanged binary was 1.4-2.7x slower too "
               "(`task --version` 5.9 ms against 2.2 ms, `task +READY export` 7.02 s against 4.17 s), and ws's "
               "instruction counts did not grow (callgrind of `ws complete`: 228 M against 257 M).")
WORSE = {
    "concurrent-ledger": "Durability, on purpose: each append is now fsynced before it is acknowledged (synchronous=FULL "
                         "really in effect; the run before had GRDB's NORMAL, under which an acknowledged event could "
                         "be lost on power loss). Still above the 1,000 events/s target.",
}
# The run of 2026-12-06 08:03 (at f0365f4) ran on a faster host than the one before (`task --version` 2.9 ms
# against 5.9 ms), so SLOWER_HOST does not explain its worse figures; each is explained from measurements instead.
WORSE_ON_SLOWER_HOST = False
# The run of 2026-12-06 16:46 (at fb0c5de) met every target. Its two figures more than 10 % worse than the run before
# were measured again right after it, on a fresh PostgreSQL server with the bench's plan, the build of the run before
# (b177396's binaries) and this one alternated:
WORSE["pg-show-json"] = (
    "Not a slower ws: alternated on one server after the run, `show <id> --json` took 20.3 and 20.5 ms with the build "
    "of the run before and 18.8 and 17.3 ms with this one; on a log imported by the old build (no VACUUM after the "
    "import) this one took 17.5 ms, and 17.7 ms once the tables were vacuumed, so the new VACUUM (ANALYZE) after an "
    "import does not slow `show` either (it took `status --json` from 47.4 to 35.8 ms in the same check).")
WORSE["pg-concurrent-ledger"] = (
    "Within this host's spread, not ws: 16 x 200 appends through the ledger, the build of the run before and this one "
    "alternated on one server after the run: 1,222 and 1,206 appends/s against 1,102 and 1,211; this round changed "
    "nothing on that path but the SHA-256 of each event, now hashed without a copy. " + WHY["pg-concurrent-ledger"])

# Printed after the main table whatever the figures: what the binary's size costs a start, and what was done about it
# (issue 21 asks for it). Measured on fb0c5de's static release build, the bench's 100-workstream plan, perf record.
STARTUP = (
    "Start-up and the binary's size (189 MB, static: the Swift runtime, Foundation, SQLite, libstdc++ and the server "
    "stack in one file): a command pays for the size where the Swift runtime scans every protocol conformance record "
    "of the binary (10,933) once per generic requirement it first meets, and in page faults (616 for a `ws log`, "
    "against 436 for `task add`). Those scans were 14 % of a `ws log`'s CPU; built with concrete generic metadata "
    "reached by direct calls (scripts/swift-release.sh) and with three scans taken off the path (a copy into `Data` "
    "before SHA-256, Foundation's file reading for git's small files, a failed cast at exit) they are 5 %. What is "
    "left is SQLite's five fdatasyncs to Taskwarrior's four and GRDB's and Foundation's own scans; a hot-path binary "
    "without the server stack would remove about a quarter of the records every scan walks.")
