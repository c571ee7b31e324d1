#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on a loopback port, then stops it and removes its data.
# Usage: scripts/with-postgres.sh npm test
# Exports TEST_DATABASE_URL (and TEST_E2E_DATABASE_URL) for the command. Needs Debian's postgresql package.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi
port=${PGPORT_TEST:-54329}
dir=$(mktemp -d /tmp/morsel-pg.XXXXXX)
chown postgres:postgres "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
stop() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export TEST_E2E_DATABASE_URL="${TEST_E2E_DATABASE_URL:-}"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
