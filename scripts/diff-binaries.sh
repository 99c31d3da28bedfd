#!/usr/bin/env bash
# Differential test: runs one rich scenario with two ws binaries (e.g. the previous release and a
# refactored build), each in its own fresh git repository with a fixed clock and agent, and diffs
# stdout, stderr, exit codes, the committed files and the commit subjects. A refactor that must not
# change behaviour shows here as no difference (or only the intended ones).
# Not part of `make test`: it needs the old binary. Usage:
#   scripts/diff-binaries.sh OLD_WS NEW_WS [WORKDIR]      (exit 0: identical, 1: differences)
# Over the shared PostgreSQL store instead of SQLite (a fresh database for each binary):
#   scripts/with-postgres.sh env DIFF_PG=1 scripts/diff-binaries.sh OLD_WS NEW_WS
set -uo pipefail
old="$(realpath "$1")"; new="$(realpath "$2")"
work="${3:-$(mktemp -d /tmp/ws-diff.XXXXXX)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$work/old" "$work/new"

# One step: stdout, stderr and exit code in $out/NNN-label.{out,err,rc}. Standard input comes from
# $STDIN (empty unless set).
step() {
    local label="$1"; shift
    n=$((n + 1))
    local base; base="$out/$(printf '%03d' "$n")-$label"
    printf '%s\n' "$*" > "$base.cmd"
    printf '%s' "${STDIN:-}" | "$@" > "$base.out" 2> "$base.err"
    echo $? > "$base.rc"
}
at() { WS_NOW="$1"; export WS_NOW; }
as() { WS_AGENT="$1"; export WS_AGENT; }

# The MCP server over stdio: initialize, then one tools/call a line.
mcp_session() {
    local proto='"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"diff","version":"1"}'
    local i=2
    {
        printf '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{%s}}\n' "$proto"
        printf '{"jsonrpc":"2.0","method":"notifications/initialized"}\n'
        printf '{"jsonrpc":"2.0","id":%d,"method":"tools/list"}\n' $((i++))
        while [ $# -gt 0 ]; do
            printf '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}\n' \
                $((i++)) "$1" "$2"
            shift 2
        done
        printf '{"jsonrpc":"2.0","id":%d,"method":"resources/list"}\n' $((i++))
        printf '{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":"ws://handoff/A3"}}\n' $((i++))
        printf '{"jsonrpc":"2.0","id":%d,"method":"no/such/method"}\n' $((i++))
        printf '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"arguments":{}}}\n' $((i++))
        printf 'this is not json\n'
        printf '{"jsonrpc":"2.0","id":%d,"method":"ping"}\n' $((i++))
    }
}

scenario() {
    local ws="$1"
    export WS_AGENT=alice WS_NOW=2026-01-01T09:00:00Z
    export GIT_AUTHOR_DATE=2026-01-01T08:00:00Z GIT_COMMITTER_DATE=2026-01-01T08:00:00Z
    git init -q -b main . && git config user.name Tester && git config user.email t@example.com
    git commit -q --allow-empty -m "initial"
    step usage-none "$ws"
    step usage-bad "$ws" frobnicate
    step show-before-init "$ws" show A1
    step version "$ws" --version
    step help "$ws" help
    local c
    for c in init new plan "plan apply" brief dep "dep add" "dep rm" task "task add" "task done" "task reopen" start \
        log artifact env block unblock complete cancel context commit sync conflicts resolve quarantine \
        "quarantine drop" status show ready blocked deps critical-path graph history rebuild verify export import \
        provision providers mcp prime serve renew release check "check add" "check run" "check trust"; do
        # shellcheck disable=SC2086
        step "help-${c// /-}" "$ws" $c --help
    done
    step init "$ws" init
    step init-again "$ws" init
    for plan in "$root"/examples/*.yaml; do
        cp "$plan" "plan-$(basename "$plan")"
        step plan-apply "$ws" plan apply "plan-$(basename "$plan")" --trust-checks
        step plan-apply-again "$ws" plan apply "plan-$(basename "$plan")" --trust-checks
    done
    step status "$ws" status
    step status-json "$ws" status --json
    at 2026-01-01T09:05:00Z
    step new "$ws" new X1 --title "Extra one" --phase "Phase 9" --owner Ops --estimate 2.5
    step new-json "$ws" new X2 --title "Extra two" --depends-on X1
    step new-dup "$ws" new X1 --title "Again"
    step new-unknown-dep "$ws" new X3 --title "Three" --depends-on NOPE
    step new-bad-estimate "$ws" new X4 --title "Four" --estimate abc
    step new-no-title "$ws" new X5
    step dep-add "$ws" dep add X1 A1
    step dep-cycle "$ws" dep add A1 X2
    step dep-unknown "$ws" dep add X1 NOPE
    step dep-rm "$ws" dep rm X1 A1
    step task-add "$ws" task add X1 "Write the thing" --task-id 1
    step task-add2 "$ws" task add X1 "Test the thing"
    step task-unknown-ws "$ws" task add NOPE "x"
    step ready "$ws" ready
    step ready-json "$ws" ready --json
    step blocked "$ws" blocked
    step blocked-json "$ws" blocked --json
    step start-blocked "$ws" start A2
    step start "$ws" start A1
    step start-again "$ws" start A1
    step start-unknown "$ws" start NOPE
    step start-agent-help "$ws" start X1 --agent --help
    as bob
    step start-held "$ws" start A1
    step takeover-live "$ws" start A1 --take-over
    step takeover-force-noreason "$ws" start A1 --take-over --force
    step task-done-held "$ws" task done A1 1.1
    as alice
    step task-done "$ws" task done A1 1.1
    step task-done-again "$ws" task done A1 1.1
    step task-done-unknown "$ws" task done A1 9.9
    step task-reopen "$ws" task reopen A1 1.1
    step task-done2 "$ws" task done A1 1.1
    step log "$ws" log A1 "Created the VPC" --hours 1.5
    step log-decision "$ws" log A1 "Chose PostgreSQL 15" --kind decision
    step log-bad-kind "$ws" log A1 "x" --kind rant
    step log-bad-hours "$ws" log A1 "x" --hours lots
    step log-neg-hours "$ws" log A1 "x" --hours=-2
    step log-unknown "$ws" log NOPE "x"
    step artifact "$ws" artifact A1 DB_HOST=10.0.0.5
    step artifact-same "$ws" artifact A1 DB_HOST=10.0.0.5
    step artifact-bad "$ws" artifact A1 novalue
    STDIN=$'s3cr3t-Passw0rd-long-enough\n' step artifact-secret "$ws" artifact A1 DB_PASSWORD=- --secret
    step artifact-secret-short "$ws" artifact A1 SHORT=abc --secret
    step env "$ws" env A1
    step env-file "$ws" env A2 --format env-file
    step env-unknown "$ws" env NOPE
    step context "$ws" context A2
    step context-json "$ws" context A2 --json
    step show "$ws" show A1
    step show-json "$ws" show A1 --json
    step show-unknown "$ws" show NOPE
    step renew "$ws" renew A1 --minutes 30
    step renew-bad "$ws" renew A1 --minutes -5
    as bob
    step renew-not-holder "$ws" renew A1
    step release-other "$ws" release A1
    as alice
    step check-add "$ws" check add A1 "always passes" --run "true"
    step check-add-fail "$ws" check add A1 "fails" --run "echo failing >&2; exit 3"
    step check-trust "$ws" check trust A1
    step check-run "$ws" check run A1
    step complete-open-tasks "$ws" complete A1 --summary "Done"
    step complete-force-noreason "$ws" complete A1 --force
    for t in 1.2 1.3 2.1 2.2; do step "task-done-$t" "$ws" task done A1 "$t"; done
    step complete-failing-check "$ws" complete A1 --summary "Done"
    step check-replace "$ws" check add A1 "fails" --run "true"
    step check-trust2 "$ws" check trust A1
    step complete "$ws" complete A1 --summary "Network, database and cache are up" --next "Rotate the password"
    step complete-again "$ws" complete A1 --summary "again"
    at 2026-01-01T10:00:00Z
    step start-A2 "$ws" start A2
    step block "$ws" block A2 --reason "Waiting for the cloud quota"
    step block-noreason "$ws" block A2
    step blocked-after "$ws" blocked
    step unblock "$ws" unblock A2
    step release "$ws" release A2
    step start-A2-again "$ws" start A2
    as bob
    at 2026-01-01T14:00:00Z
    step takeover-stale "$ws" start A2 --take-over
    step release-force "$ws" release A2 --force --reason "Alice is away"
    as alice
    step cancel "$ws" cancel X2 --reason "Not needed"
    step cancel-again "$ws" cancel X2 --reason "Again"
    step cancel-noreason "$ws" cancel X1
    step conflicts "$ws" conflicts
    step conflicts-json "$ws" conflicts --json
    step resolve-none "$ws" resolve A1 --keep deadbeef
    step deps "$ws" deps A2
    step deps-json "$ws" deps A3 --json
    step deps-reverse "$ws" deps A1 --reverse
    step deps-unknown "$ws" deps NOPE
    step critical-path "$ws" critical-path
    step critical-path-json "$ws" critical-path --json
    for f in mermaid dot json; do step "graph-$f" "$ws" graph --format "$f"; done
    step graph-bad "$ws" graph --format svg
    step history "$ws" history
    step history-id "$ws" history A1 --json
    step history-since "$ws" history --since 5
    step status-at "$ws" status --at 3
    step status-at-bad "$ws" status --at yesterday-ish
    step show-no-id "$ws" show
    WS_NOW=not-a-time step bad-clock "$ws" status
    printf '# X3\n\n- [ ] First\n- [ ] Second\n' > brief-x3.md
    step new-brief "$ws" new X3 --title "Three" --brief-file brief-x3.md
    printf '# X3 again\n\n- [ ] Only\n' > brief-x3.md
    step brief "$ws" brief X3 --file brief-x3.md
    step brief-missing "$ws" brief X3 --file nowhere.md
    step cancel-no-commit "$ws" cancel X3 --reason "Folded into X1" --no-commit
    step commit "$ws" commit
    step sync "$ws" sync
    step show-at "$ws" show A1 --at 2026-01-01T09:30:00Z
    step ready-end "$ws" ready
    step prime "$ws" prime
    step prime-budget "$ws" prime --budget 100
    step providers "$ws" providers
    step providers-json "$ws" providers list --json
    step quarantine "$ws" quarantine
    step quarantine-json "$ws" quarantine list --json
    step export "$ws" export --output export.jsonl
    step export-stdout "$ws" export
    step verify "$ws" verify
    step rebuild "$ws" rebuild
    step import-same "$ws" import export.jsonl
    step import-missing "$ws" import no-such-file.jsonl
    echo 'not json' > bad.jsonl
    step import-bad "$ws" import bad.jsonl
    rm -f bad.jsonl
    local ids
    ids=$(mcp_session \
        ready '{}' \
        start '{"id":"A3"}' \
        show '{"id":"A3"}' \
        context '{"id":"A3"}' \
        log '{"id":"A3","message":"From MCP","hours":2}' \
        task_done '{"id":"A3","task":"1"}' \
        task_done '{"id":"A3","task":"2"}' \
        task_done '{"id":"A3","task":"2"}' \
        artifact '{"id":"A3","name":"URL","value":"https://x.example"}' \
        artifact '{"id":"A3","name":"TOKEN","value":"another-s3cret-value-42","secret":true}' \
        complete '{"id":"A2","summary":"Not mine"}' \
        complete '{"id":"A3","summary":"From MCP","next":["Ship it"]}' \
        blocked '{}' \
        renew '{"id":"A3"}' \
        start '{"id":"B1","agent":"carol"}' \
        start '{"id":"C1","agent":"carol"}' \
        start '{"id":"C1"}' \
        renew '{"id":"C1","minutes":15,"agent":"carol"}' \
        renew '{"id":"C1","release":true,"agent":"carol"}' \
        renew '{"id":"C1","release":true,"agent":"carol"}' \
        nosuchtool '{}' \
        start '{}' \
        log '{"id":"A3","message":5}' \
        show '{"id":"NOPE"}')
    STDIN="$ids" step mcp "$ws" mcp
    step verify-end "$ws" verify
    # An external provider from the repository: listed untrusted, trusted, then run.
    export WS_KV_HOME="$PWD/../kv"
    mkdir -p .ws/providers && cp "$root/examples/providers/ws-provider-kv" .ws/providers/
    step providers-untrusted "$ws" providers
    step provision-untrusted "$ws" provision C1 namespace sessions --provider kv --param ttl=60
    step providers-trust "$ws" providers trust kv
    step provision-plan "$ws" provision C1 namespace sessions --provider kv --param ttl=60 --plan
    step start-C1 "$ws" start C1
    step provision "$ws" provision C1 namespace sessions --provider kv --param ttl=60
    step provision-destroy "$ws" provision C1 namespace sessions --provider kv --destroy
    step provision-unknown "$ws" provision C1 namespace x --provider nosuch
    step providers-untrust "$ws" providers untrust kv
    rm -rf .ws/providers
    # A second clone: both take the same workstream, the merge brings a conflict to settle.
    step release-C1 "$ws" release C1
    step commit-before-clone "$ws" commit
    git clone -q . ../peer
    pushd ../peer > /dev/null && git config user.name Peer && git config user.email p@example.com
    as dave
    step peer-sync "$ws" sync
    # One event more first, so the peer's start has a later clock than alice's: ties between clones
    # are broken by event id, a hash of content that differs between runs (check durations).
    step peer-log-first "$ws" log A2 "Peer looks around"
    step peer-start "$ws" start C1
    step peer-log "$ws" log C1 "From the peer" --hours 12.5
    step peer-commit "$ws" commit
    as alice
    popd > /dev/null
    step start-C1-here "$ws" start C1
    git pull -q --no-rebase --no-edit ../peer main > "$out/zz-pull" 2>&1
    step sync-merge "$ws" sync
    step conflicts-merge "$ws" conflicts
    step conflicts-merge-json "$ws" conflicts --json
    step resolve-holder "$ws" resolve C1 --kind holder --agent alice
    step conflicts-after "$ws" conflicts
    step show-C1 "$ws" show C1
    # A journal line nobody can import: quarantined, listed, dropped.
    local journal
    journal=$(ls .ws/journal/*.jsonl | head -1)
    echo '{"eventId":"bogus","type":"Nonsense"}' >> "$journal"
    git add "$journal" && git commit -q -m "a bad journal line"
    step sync-bad-line "$ws" sync
    step quarantine-bad "$ws" quarantine
    step quarantine-bad-json "$ws" quarantine list --json
    step quarantine-drop "$ws" quarantine drop bogus
    step status-end "$ws" status
    # The board: each page as the server answers it (it prints its address on standard output).
    "$ws" serve --port 0 > "$out/zz-serve-out" 2> "$out/zz-serve-err" &
    local serve_pid=$! url="" tries
    for tries in $(seq 1 100); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/zz-serve-out" | head -1)
        [ -n "$url" ] && break
        sleep 0.1
    done
    local page
    for page in / /w/A1 /w/C1 /w/A1/handoff /w/NOPE /graph /blocked /history "/history?stream=A1" \
        "/?q=Back" /nowhere; do
        curl -s -o "$out/zz-board-$(echo "$page" | tr '/?=' '___').html" -w '%{http_code}\n' "$url$page" \
            >> "$out/zz-board-codes"
    done
    kill "$serve_pid"; wait "$serve_pid" 2> /dev/null
    # Events of two clones with the same clock are ordered by id, a hash that differs between runs:
    # compare the board's history rows as a set.
    for page in "$out"/zz-board-_history*.html; do
        sed 's/<tr/\n<tr/g' "$page" | sort > "$page.rows" && rm "$page"
    done
    # Everything exported here loads into an empty log elsewhere.
    step export-final "$ws" export --output ../final.jsonl
    mkdir ../fresh && pushd ../fresh > /dev/null && git init -q -b main . && git config user.name F \
        && git config user.email f@example.com && git commit -q --allow-empty -m initial
    local store="${WS_STORE:-}"
    unset WS_STORE
    step fresh-init "$ws" init
    step fresh-import "$ws" import ../final.jsonl
    step fresh-status "$ws" status
    step fresh-verify "$ws" verify
    [ -n "$store" ] && export WS_STORE="$store"
    popd > /dev/null

    # What git holds: the committed files with their contents, and the subjects of the commits.
    git ls-files > "$out/zz-ls-files"
    git ls-files -z | xargs -0 -I{} sh -c 'echo "=== {}"; cat "{}"' > "$out/zz-contents"
    git log --format='%s%n%b' > "$out/zz-log"
    git status --porcelain > "$out/zz-status"
    # Known intended differences, last so that what they record does not shift what follows: the
    # fast path now refuses an option value that starts with '-' (the old one logged as "--help").
    step zz-log-agent-help "$ws" log A1 "x" --agent --help
    step zz-log-neg-hours "$ws" log A1 "x" --hours -2
    # .ws/config.json is read more strictly now (booleans and numbers must have their JSON type).
    local config kept
    kept=$(cat .ws/config.json)
    for config in '{"leaseMinutes":30}' '{"leaseMinutes":"30"}' '{"leaseMinutes":30.0}' '{"leaseMinutes":0}' \
        '{"autoCommit":"false"}' '{"autoCommit":0}' '{"authorEmail":"nobody"}' '[1]' '{"store":"sqlite",}'; do
        printf '%s\n' "$config" > .ws/config.json
        step "zz-config-$(printf '%s' "$config" | tr -c 'A-Za-z0-9' '_')" "$ws" renew C1
    done
    printf '%s\n' "$kept" > .ws/config.json
}

for side in old new; do
    bin="$old"; [ "$side" = new ] && bin="$new"
    mkdir -p "$work/$side/repo" "$work/$side/out"
    unset WS_STORE
    if [ "${DIFF_PG:-}" = 1 ]; then
        psql -q "$WS_TEST_POSTGRES_URL" -c "CREATE DATABASE ws_diff_$side" || exit 2
        export WS_STORE="${WS_TEST_POSTGRES_URL%/*}/ws_diff_$side"
    fi
    out="$work/$side/out"; n=0
    (cd "$work/$side/repo" && scenario "$bin")
    # Normalise only what must differ between two runs of the same binary: the paths, how long a
    # check ran, the clone's secret key (so the fingerprints), and the hashes that cover those.
    for f in "$out"/*; do
        sed -i -E -e "s#$work/$side/repo#<REPO>#g" -e "s#$bin#<WS>#g" \
            -e "s#ws_diff_$side#ws_diff_<SIDE>#g" -e "s#$work/$side#<SIDE>#g" \
            -e 's/(durationMs("|&quot;)):[0-9]+/\1:0/g' -e 's#127\.0\.0\.1:[0-9]+#127.0.0.1:<PORT>#g' \
            -e "s/(CheckRan .*\"durationMs\":0).*/\\1/" -e 's/(exit [0-9]+, )[0-9.]+ s/\1<T> s/g' \
            -e 's/hmac-sha256:[0-9a-f]+/hmac-sha256:<FP>/g' -e 's/^[0-9-]{10}T[0-9:.]+Z /<NOW> /' \
            -e 's/: done \([0-9.]+ s\)/: done (<T> s)/' \
            -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<UUID>/g' -e 's/\b[0-9a-f]{7,64}\b/<HASH>/g' "$f"
    done
done

# Every difference is printed; the exit code counts only those not known to be intended:
# - hours print with their fraction ("12.5 h"; the old binary rounded to "12 h");
# - the fast path refuses an option value starting with '-' (`--agent --help`, `--hours -2`);
# - .ws/config.json is parsed as strict JSON with typed values (`"autoCommit": 0`, a trailing comma).
known_files='zz-log-agent-help|zz-log-neg-hours|zz-config-__autoCommit__0_|zz-config-__store___sqlite___'
diff -r "$work/old/out" "$work/new/out" > "$work/diff.txt"
rm -rf "$work/old-known" "$work/new-known"
cp -r "$work/old/out" "$work/old-known" && cp -r "$work/new/out" "$work/new-known"
sed -i -E 's/([0-9]+)\.[0-9]+ h\b/\1 h/g' "$work/old-known"/* "$work/new-known"/*
for f in "$work/old-known"/*; do
    [[ "$(basename "$f")" =~ $known_files ]] && cp "$f" "$work/new-known/"
done
if [ ! -s "$work/diff.txt" ]; then
    echo "no differences ($(ls "$work/old/out" | wc -l) files compared in $work)"
elif diff -r "$work/old-known" "$work/new-known" > "$work/unexpected.txt"; then
    cat "$work/diff.txt"
    echo "only the known, intended differences above ($work/diff.txt)"
else
    cat "$work/unexpected.txt"
    echo "unexpected differences: see $work/unexpected.txt (all: $work/diff.txt)"; exit 1
fi
