#!/usr/bin/env bash
# Plays two agents and a project manager through the example plan in a
# throwaway git repository, printing what each of them sees.
set -euo pipefail
ws_bin="$1"
plan="$(cd "$(dirname "$0")/.." && pwd)/examples/infrastructure-plan.yaml"
repo="$(mktemp -d /tmp/ws-demo.XXXXXX)"
[ -n "${WS_DEMO_KEEP:-}" ] || trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q -b main

ws() { echo "\$ ws $*"; "$ws_bin" "$@"; echo; }
refused() { echo "\$ ws $*"; set +e; "$ws_bin" "$@"; echo "(exit $?)"; set -e; echo; }

echo "== a project manager declares the plan =="
ws init
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
ws task done A1 2.2 --agent alice
ws complete A1 --agent alice --summary "Database, cache and CI/CD are up; credentials are in the secret store." \
  --next "Run the Alembic migrations" --next "Point the frontend at the backend URL"

echo "== bob and carol pick up what is now ready =="
ws start A2 --agent bob
ws start A3 --agent carol
ws env A2

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
[ -n "${WS_DEMO_KEEP:-}" ] && echo "kept: $repo"
