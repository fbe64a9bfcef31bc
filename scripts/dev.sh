#!/usr/bin/env bash
# Run ToolBridge locally: installs what is missing, starts a local PostgreSQL (kept between runs in
# $TOOLBRIDGE_DEV_DIR), and starts the app in Development, which migrates and seeds the demo tenant.
# Safe to run again: the database and the demo data are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_dotnet
dev_dir=${TOOLBRIDGE_DEV_DIR:-/tmp/toolbridge-dev}
pg_port=${TOOLBRIDGE_DEV_PG_PORT:-5433}
app_port=${TOOLBRIDGE_DEV_PORT:-5080}

log "starting PostgreSQL on port $pg_port (data in $dev_dir)"
pg_start "$dev_dir/pg" "$pg_port"
trap 'pg_stop "$dev_dir/pg"' EXIT
psql_dev() { "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
[[ $(psql_dev -c "SELECT 1 FROM pg_database WHERE datname = 'toolbridge'") == 1 ]] || psql_dev -c "CREATE DATABASE toolbridge" >/dev/null

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=toolbridge"
export ASPNETCORE_URLS="http://127.0.0.1:$app_port"

log "building"
dotnet build ToolBridge.Web -v quiet --nologo -clp:ErrorsOnly

log "starting ToolBridge at http://127.0.0.1:$app_port (Ctrl+C to stop)"
dotnet run --project ToolBridge.Web --no-build --no-launch-profile &
app_pid=$!
trap 'kill $app_pid 2>/dev/null; wait $app_pid 2>/dev/null; pg_stop "$dev_dir/pg"' EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$app_port/health/ready" >/dev/null 2>&1; then
    cat <<MSG

  ToolBridge is running.
    Portal:  http://127.0.0.1:$app_port/
    Health:  http://127.0.0.1:$app_port/health/ready
    Demo tenant "Acme Demo": alice@example.com (owner), bob@ (admin), carol@ (member), dave@ (viewer)

MSG
    break
  fi
  kill -0 $app_pid 2>/dev/null || die "the app exited during start-up"
  sleep 1
done
wait $app_pid
