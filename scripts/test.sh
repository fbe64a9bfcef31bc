#!/usr/bin/env bash
# Test ToolBridge: installs what is missing, starts a throwaway PostgreSQL, builds and runs every test.
# Ends with "N passed, N failed, N skipped"; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_dotnet
work=$(mktemp -d /tmp/toolbridge-test.XXXXXX)
chmod 755 "$work"
port=$(free_port)
cleanup() { pg_stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT

log "starting a throwaway PostgreSQL on port $port"
pg_start "$work/pg" "$port" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
export TOOLBRIDGE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"

log "restoring and building"
dotnet tool restore >/dev/null
dotnet build ToolBridge.sln -c Release --nologo -v quiet -clp:ErrorsOnly

log "running the tests"
results=$work/results
status=0
dotnet test ToolBridge.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  attr() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1   # the run itself broke (crash, no results): never report it as green
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 && $passed -gt 0 ]]
