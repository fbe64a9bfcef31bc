#!/usr/bin/env bash
# Test ToolBridge: installs what is missing, starts a throwaway PostgreSQL, builds and runs every test.
# Ends with "N passed, N failed, N skipped"; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_dotnet
ensure_chromium
ensure_nginx
work=$(mktemp -d /tmp/toolbridge-test.XXXXXX)
chmod 755 "$work"
port=$(free_port)
inspector_app=""
cleanup() {
  [[ -n $inspector_app ]] && kill "$inspector_app" 2>/dev/null
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

log "starting a throwaway PostgreSQL on port $port"
pg_start "$work/pg" "$port" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
export TOOLBRIDGE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
export TOOLBRIDGE_SCREENSHOTS="$PWD/.artifacts/screenshots"
rm -rf "$TOOLBRIDGE_SCREENSHOTS"

log "restoring and building"
dotnet tool restore >/dev/null
dotnet build ToolBridge.sln -c Release --nologo -v quiet -clp:ErrorsOnly

log "running the tests"
results=$work/results
status=0
dotnet test ToolBridge.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

# The endpoint as a user meets it: the published-style app started on its own, a token from the admin command,
# and the official MCP Inspector CLI as the client.
inspector_checks() {
  local db="Host=127.0.0.1;Port=$port;Username=postgres;Database=inspector" app_port url token dll
  dll=$(app_dll Release)
  app_port=$(free_port)
  url="http://127.0.0.1:$app_port"
  ensure_node
  npm install --silent --no-audit --no-fund --prefix "$work/inspector" "$INSPECTOR_PACKAGE" >"$work/npm.log" 2>&1 \
    || { cat "$work/npm.log" >&2; return 1; }
  # Production requires WorkOS settings; sign-in is not exercised here, so they point nowhere.
  export ConnectionStrings__Postgres=$db ASPNETCORE_ENVIRONMENT=Production \
    WorkOS__ClientId=client_unused WorkOS__ApiKey=sk_unused WorkOS__RedirectUri=http://127.0.0.1/auth/callback
  dotnet "$dll" migrate 2>>"$work/app.log" || return 1
  dotnet "$dll" tenants create --name "Inspector check" --owner inspector@example.com >/dev/null 2>>"$work/app.log" || return 1
  token=$(dotnet "$dll" tokens issue --tenant inspector-check --owner inspector@example.com --name "Inspector" --toolset all 2>>"$work/app.log") || return 1
  dotnet "$dll" --urls "$url" >>"$work/app.log" 2>&1 &
  inspector_app=$!
  wait_ready "$url" "$inspector_app" || { tail -n 30 "$work/app.log" >&2; return 1; }
  local inspector=("$work/inspector/node_modules/.bin/mcp-inspector" --cli "$url/mcp" --transport http --header "Authorization: Bearer $token")
  # The same tools as docs/mcp-tools.md, which ToolReferenceTests keeps equal to the published list.
  local documented published
  documented=$(sed -n 's/^## \([a-z_]*\)$/\1/p' docs/mcp-tools.md | LC_ALL=C sort)
  published=$("${inspector[@]}" --method tools/list 2>>"$work/inspector.log" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).tools.map(t=>t.name).join("\n")))' | LC_ALL=C sort)
  record "MCP Inspector tools/list shows the $(wc -l <<<"$documented") tools of docs/mcp-tools.md (got $(grep -c . <<<"$published" || true))" \
    "$([[ -n $published && $published == "$documented" ]] && echo ok)"
  local title
  title=$("${inspector[@]}" --method tools/call --tool-name create_note --tool-arg "title=Written by the Inspector" 2>>"$work/inspector.log" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.isError?"error":r.structuredContent.title)})')
  record "MCP Inspector create_note succeeds (got ${title:-nothing})" "$([[ $title == "Written by the Inspector" ]] && echo ok)"
  local listed
  listed=$("${inspector[@]}" --method tools/call --tool-name list_notes 2>>"$work/inspector.log" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.isError?"error":r.structuredContent.items.map(i=>i.title).join(","))})')
  record "MCP Inspector list_notes returns the note, its result valid for the schema (got ${listed:-nothing})" "$([[ $listed == "Written by the Inspector" ]] && echo ok)"
  kill "$inspector_app" && wait "$inspector_app" 2>/dev/null
  inspector_app=""
  unset ConnectionStrings__Postgres ASPNETCORE_ENVIRONMENT WorkOS__ClientId WorkOS__ApiKey WorkOS__RedirectUri
}

extra_passed=0 extra_failed=0 extra_failures=()
record() {
  if [[ $2 == ok ]]; then echo "  Passed $1"; extra_passed=$((extra_passed + 1)); else echo "  Failed $1"; extra_failed=$((extra_failed + 1)); extra_failures+=("$1"); fi
}

# The container image's steps without a Docker engine: publish as the Dockerfile does, then run the output as the
# image and Fly would (non-root, /app, port 8080, migrate first, health check, one MCP call, SIGTERM).
container_checks() {
  local output line status=0 failures=0
  output=$(bash scripts/container-check.sh) || status=$?
  echo "$output"
  while IFS= read -r line; do
    case $line in
      "  Passed "*) extra_passed=$((extra_passed + 1)) ;;
      "  Failed "*) extra_failed=$((extra_failed + 1)); failures=$((failures + 1)); extra_failures+=("${line#  Failed }") ;;
    esac
  done <<<"$output"
  if [[ $status -ne 0 && $failures -eq 0 ]]; then
    record "the container check ran to the end (see the output above)" failed
  fi
}

# The benchmark's smoke run (docs/benchmarks.md): every scenario for a moment against the Release build made above, with
# its own PostgreSQL; any failed call or a report that does not read back whole fails it.
bench_smoke() {
  local output=.artifacts/bench-smoke status=0
  rm -rf "$output"
  dotnet ToolBridge.Bench/bin/Release/net10.0/ToolBridge.Bench.dll --smoke --output "$output" || status=$?
  record "benchmark smoke run: every scenario without a failed call, its report whole" "$([[ $status -eq 0 ]] && echo ok)"
}

if [[ $# -eq 0 ]]; then
  log "checking the MCP endpoint with the MCP Inspector CLI"
  inspector_checks || record "MCP Inspector checks could run (see the output above)" failed
  log "checking the container image's steps (scripts/container-check.sh)"
  container_checks
  log "the benchmark's smoke run (ToolBridge.Bench --smoke)"
  bench_smoke
fi

trx_files=("$results"/*.trx)
if [[ -f ${trx_files[0]} ]] && command -v python3 >/dev/null; then
  summary=$(python3 scripts/lib/hardening-summary.py "${trx_files[@]}")
  [[ -n $summary ]] && { log "hardening: what was tried (docs/security.md has the table)"; echo "$summary"; }
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  attr() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done
passed=$((passed + extra_passed))
failed=$((failed + extra_failed))
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1   # the run itself broke (crash, no results): never report it as green
fi
shots=$(ls "$TOOLBRIDGE_SCREENSHOTS"/*.png 2>/dev/null | wc -l || true)
[[ $shots -gt 0 ]] && log "$shots screenshots of the portal are in $TOOLBRIDGE_SCREENSHOTS"
if [[ $failed -gt 0 ]]; then
  log "what failed"
  [[ -f ${trx_files[0]} ]] && command -v python3 >/dev/null && python3 scripts/lib/failed-tests.py "${trx_files[@]}"
  for name in "${extra_failures[@]}"; do echo "  Failed $name"; done
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 && $passed -gt 0 ]]
