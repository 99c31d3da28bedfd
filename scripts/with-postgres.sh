#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temporary
# folder, a server on a free loopback port, a user 'ws' with a random
# password (scram-sha-256) that may create databases, and its database 'ws'.
# The command sees WS_TEST_POSTGRES_URL; the cluster is stopped and removed
# afterwards, also when the command fails or is interrupted. When the server
# cannot start, this fails loudly: tests that need PostgreSQL are never skipped.
#   scripts/with-postgres.sh swift test --disable-xctest
set -euo pipefail

fail() { echo "with-postgres: $*" >&2; exit 1; }
[ $# -gt 0 ] || fail "usage: scripts/with-postgres.sh <command> [args...]"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] \
  || fail "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/install-deps.sh, which installs Debian's postgresql)"

# initdb refuses to run as root: as root, the cluster belongs to the postgres system user.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/ws-pg.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
started=0
cleanup() {
  if [ "$started" -eq 1 ]; then as_cluster_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 \
    || as_cluster_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port: one nothing answers on.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "could not find a free loopback port"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" > "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/pwfile"

as_cluster_owner "$bin/initdb" -D "$dir/data" -U wsadmin --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
rm -f "$dir/pwfile"

if ! as_cluster_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null; then
  cat "$dir/server.log" >&2 || true
  fail "the PostgreSQL server did not start on 127.0.0.1:$port"
fi
started=1

as_cluster_owner psql -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U wsadmin -d postgres \
  -c "CREATE ROLE ws LOGIN CREATEDB CREATEROLE PASSWORD '$password'" -c "CREATE DATABASE ws OWNER ws" >/dev/null \
  || fail "could not create the test user and database"

export WS_TEST_POSTGRES_URL="postgres://ws:$password@127.0.0.1:$port/ws"
echo "with-postgres: PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (cluster in $dir)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
