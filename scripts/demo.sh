#!/usr/bin/env bash
# Plays two agents and a project manager through the example plan in a
# throwaway git repository, printing what each of them sees.
set -euo pipefail
ws_bin="$1"
scripts="$(cd "$(dirname "$0")" && pwd)"
plan="$scripts/../examples/infrastructure-plan.yaml"
repo="$(mktemp -d /tmp/ws-demo.XXXXXX)"
# Readable by others: as root, the local provider runs PostgreSQL as the postgres user, who must reach the repository.
chmod 755 "$repo"
[ -n "${WS_DEMO_KEEP:-}" ] || trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q -b main

ws() { echo "\$ ws $*"; "$ws_bin" "$@"; echo; }
refused() { echo "\$ ws $*"; set +e; "$ws_bin" "$@"; echo "(exit $?)"; set -e; echo; }

echo "== a project manager declares the plan =="
ws init
# A plan comes through git, so applying it trusts none of its check commands; a check written in plan.yaml would
# be named here with the 'ws check trust …' to run, or trusted with --trust-checks (this plan has none).
ws plan apply "$plan"
ws plan apply "$plan"
ws ready

echo "== two agents race for work =="
refused start A2 --agent bob
ws start A1 --agent alice
refused start A1 --agent bob

echo "== alice works A1 =="
for t in 1.1 1.2 1.3 2.1; do ws task done A1 "$t" --agent alice; done
ws log A1 "PostgreSQL 15 on a private IP only; no public endpoint" --kind decision --hours 2 --agent alice
ws log A1 "VPC peering failed: the reserved range overlapped the subnet" --kind issue --agent alice
ws log A1 "Moved the peering range to 10.130.0.0/16" --kind resolution --hours 0.5 --agent alice
ws artifact A1 DATABASE_HOST=10.130.0.3 --agent alice
ws artifact A1 REDIS_URL=redis://10.130.0.4:6379 --agent alice
echo "\$ ws artifact A1 DATABASE_PASSWORD=- --secret   (value from stdin)"
printf 'demo-%s' "$RANDOM$RANDOM" | "$ws_bin" artifact A1 DATABASE_PASSWORD=- --secret --agent alice; echo
refused complete A1 --agent alice
echo "== alice provisions what A1 needs, through providers =="
ws provision A1 postgres care-db --provider local --agent alice
ws provision A1 s3-bucket care-uploads --provider aws --plan --agent alice
echo "\$ psql \"\$CARE_DB_URL\" with PGPASSWORD from 'ws env A1'"
( eval "$("$ws_bin" env A1 | grep '^CARE_DB_')"; PGPASSWORD="$CARE_DB_PASSWORD" psql "$CARE_DB_URL" -tAc "select 'connected as ' || current_user" ) || true
echo
ws provision A1 postgres care-db --provider local --destroy --agent alice
ws task done A1 2.2 --agent alice
ws complete A1 --agent alice --summary "Database, cache and CI/CD are up; credentials are in the secret store." \
  --next "Run the Alembic migrations" --next "Point the frontend at the backend URL"

echo "== bob works A2 through MCP ('ws mcp', the official MCP Python SDK as his client) =="
ws check add A2 health --run 'test -f health.ok && echo "GET /health: 200" || { echo "GET /health: connection refused"; exit 7; }'
python3 "$scripts/demo-mcp-agent.py" "$ws_bin" bob A2 "Migrations run; /health answers on the container service." "echo ok > health.ok"
echo
ws show A2

echo "== carol starts a session on the CLI: what should she read first? =="
ws prime --agent carol --budget 400
ws start A3 --agent carol
ws env A3

echo "== dave takes C1 and goes silent; three hours later his lease has run out, and erin takes C1 over =="
ws start C1 --agent dave
# Event times never go back before the log's latest (docs/leases-and-checks.md, "Clocks"), so the
# demo moves the clock forward, within the 24 hours ws accepts, instead of backdating dave's start.
later="$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:%S.000Z)"
echo "\$ export WS_NOW=$later   (the clock of three hours later)"
export WS_NOW="$later"
ws ready
ws prime --agent erin --budget 200
refused start C1 --agent erin
echo "\$ ws start C1 --take-over --agent erin"
"$ws_bin" start C1 --take-over --agent erin | sed -n 1p; echo
unset WS_NOW

echo "== what the project manager sees =="
ws status
ws ready
ws blocked
ws critical-path
ws graph
ws verify

echo "== what ws committed (documents and journal only) =="
git --no-pager log --format='%h %an: %s' --stat
echo
echo "\$ git status --porcelain   (nothing generated is left uncommitted)"
git status --porcelain
echo
echo "== Workstreams/README.md =="
sed -n '1,20p' Workstreams/README.md
if [ -n "${WS_DEMO_KEEP:-}" ]; then echo "kept: $repo"; fi

echo
echo "== the board of this demo, live in a browser (ws serve: read-only, on 127.0.0.1) =="
if [ -n "${WS_DEMO_KEEP:-}" ]; then
  echo "\$ cd $repo && $ws_bin serve --open"
else
  echo "\$ WS_DEMO_KEEP=1 make demo   # keeps the repository, then prints:"
  echo "\$ cd /tmp/ws-demo.XXXXXX && $ws_bin serve --open"
fi
