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
wait_ready "http://127.0.0.1:$app_port" $app_pid || die "the app did not become ready"

# A fresh demo token each run; the one from the previous run is revoked.
dll=$(app_dll Debug)
token_name="Development token (scripts/dev.sh)"
dotnet "$dll" tokens list --tenant acme-demo 2>/dev/null | awk -F'\t' -v name="$token_name" '$3 == name && $2 != "revoked" { print $1 }' \
  | while read -r id; do dotnet "$dll" tokens revoke "$id" --reason "replaced by a new scripts/dev.sh run" 2>/dev/null; done
token=$(dotnet "$dll" tokens issue --tenant acme-demo --owner alice@example.com --name "$token_name" --days 7 --toolset all 2>/dev/null) \
  || die "could not issue the demo token"

cat <<MSG

  ToolBridge is running.
    Portal:        http://127.0.0.1:$app_port/   (no WorkOS settings: pick a demo user on the sign-in page)
    Health:        http://127.0.0.1:$app_port/health/ready
    MCP endpoint:  http://127.0.0.1:$app_port/mcp
    Demo tenant "Acme Demo": alice@example.com (owner), bob@ (admin), carol@ (member), dave@ (viewer)

  Demo MCP token (Alice, read + write, 7 days):
    $token

  List the tools with the MCP Inspector:
    npx -y $INSPECTOR_PACKAGE --cli http://127.0.0.1:$app_port/mcp --transport http --method tools/list --header "Authorization: Bearer $token"

  Call one:
    npx -y $INSPECTOR_PACKAGE --cli http://127.0.0.1:$app_port/mcp --transport http --method tools/call --tool-name list_notes --header "Authorization: Bearer $token"

  Or open the Inspector UI (npx -y $INSPECTOR_PACKAGE), choose Streamable HTTP, URL http://127.0.0.1:$app_port/mcp,
  and add the header Authorization: Bearer <the token above>.

MSG
wait $app_pid
