#!/usr/bin/env bash
# Proves the container image's steps without a Docker engine (none runs on these machines): runs the Dockerfile's
# own restore and publish commands, lays the output out as the runtime image does (root-owned, read-only for the
# app), then, as a non-root user with the image's working directory, port and environment plus fly.toml's [env]:
#   1. runs fly.toml's release_command after the image's ENTRYPOINT (`dotnet ToolBridge.Web.dll migrate`),
#   2. starts the app and waits for fly.toml's health check path within the check's grace period,
#   3. creates a tenant and a token with the admin commands and calls one MCP tool over HTTP,
#   4. sends Fly's kill_signal (SIGTERM) and expects exit code 0 within the shutdown drain time.
# Everything it runs is read from the Dockerfile and fly.toml (scripts/lib/deploy_spec.py), so the check cannot
# drift from them. When run as root the app runs inside a private network namespace, so port 8080 is free whatever
# else this machine runs. Prints "  Passed …" / "  Failed …" per step (scripts/test.sh counts them) and exits
# non-zero when a step failed.
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")/.."
source scripts/lib/common.sh

passed=0 failed=0
record() {
  if [[ $2 == ok ]]; then echo "  Passed $1"; passed=$((passed + 1)); else echo "  Failed $1"; failed=$((failed + 1)); fi
}
now_ms() { date +%s%3N; }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }

ensure_python_toml() {
  python3 -c 'import tomllib' 2>/dev/null && return
  log "installing Python 3 (reads fly.toml)"
  apt_install python3
  python3 -c 'import tomllib' 2>/dev/null || die "python3 with tomllib (3.11+) is required to read fly.toml"
}

# ---- the part that runs as the image would: inside the private network namespace when root ----------------------
run_image() {
  source "$work/spec.sh"
  if [[ $EUID -eq 0 && $isolated == yes ]]; then ip link set lo up; fi

  local app_dir=$work/image$image_workdir port=$fly_internal_port url pg_port
  url="http://127.0.0.1:$port"
  pg_port=$(free_port)
  pg_start "$work/pg" "$pg_port" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

  # The image's environment: the runtime base image's own variables, the Dockerfile's ENV, fly.toml's [env], and the
  # secrets Fly injects (DATABASE_URL in the postgres:// form `fly mpg attach` sets; WorkOS settings that point nowhere,
  # as sign-in is not exercised here).
  local environment=(
    "PATH=$(dirname "$dotnet_host"):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    "HOME=$work/home" "APP_UID=${app_uid:-1654}" "DOTNET_RUNNING_IN_CONTAINER=true" "ASPNETCORE_HTTP_PORTS=8080"
    "${image_env[@]}" "${fly_env[@]}"
    "DATABASE_URL=postgres://postgres:unused@127.0.0.1:$pg_port/toolbridge?sslmode=disable"
    "WorkOS__ClientId=client_container_check" "WorkOS__ApiKey=sk_container_check"
  )
  # The ENTRYPOINT's "dotnet" is this machine's dotnet host.
  local entrypoint=("$dotnet_host" "${image_entrypoint[@]:1}")
  local as_user=()
  [[ $EUID -eq 0 ]] && as_user=(setpriv --reuid="$app_user" --regid="$app_user" --init-groups)
  as_app() { (cd "$app_dir" && exec "${as_user[@]}" env -i "${environment[@]}" "$@"); }

  local writable=no
  as_app sh -c 'test -w . || test -w ToolBridge.Web.dll' && writable=yes
  record "the app's user cannot write to the image's working directory $image_workdir" "$([[ $writable == no ]] && echo ok)"

  # 1. Fly's release command: the image's ENTRYPOINT followed by release_command.
  local started
  started=$(now_ms)
  if as_app "${entrypoint[@]}" "${fly_release_command[@]}" >"$work/release.log" 2>&1; then
    record "release command '${image_entrypoint[*]} ${fly_release_command[*]}' migrates a new database ($(since "$started"))" ok
  else
    record "release command '${image_entrypoint[*]} ${fly_release_command[*]}' migrates a new database" failed
    tail -n 20 "$work/release.log" >&2
    return 1
  fi

  # 2. The app as the machine starts it, ready within the health check's grace period.
  started=$(now_ms)
  # exec all the way down, so $! is the app's own process and the signal below reaches it.
  (cd "$app_dir" && exec "${as_user[@]}" env -i "${environment[@]}" "${entrypoint[@]}" >"$work/app.log" 2>&1) &
  app_pid=$!
  local ready=no deadline=$(($(now_ms) + fly_check_grace_seconds * 1000))
  while [[ $(now_ms) -lt $deadline ]]; do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url$fly_check_path") == 200 ]]; then ready=yes; break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.2
  done
  record "$fly_check_path answers 200 on port $port within the ${fly_check_grace_seconds} s grace period ($(since "$started"))" \
    "$([[ $ready == yes ]] && echo ok)"
  if [[ $ready != yes ]]; then tail -n 30 "$work/app.log" >&2; return 1; fi

  # The portal's package assets are served from the publish output (Production has no static web assets manifest).
  record "the portal's MudBlazor stylesheet is served from the published output" \
    "$([[ $(curl -s -o /dev/null -w '%{http_code}' "$url/_content/MudBlazor/MudBlazor.min.css") == 200 ]] && echo ok)"

  # 3. A tenant and a token through the admin commands, then one MCP tool call (stateless: no initialize needed).
  local token
  started=$(now_ms)
  as_app "${entrypoint[@]}" tenants create --name "Container check" --owner check@example.com >/dev/null 2>>"$work/admin.log" \
    && token=$(as_app "${entrypoint[@]}" tokens issue --tenant container-check --owner check@example.com --name "Container check" 2>>"$work/admin.log") \
    || { record "admin commands create a tenant and issue a token" failed; cat "$work/admin.log" >&2; return 1; }
  record "admin commands create a tenant and issue a token ($(since "$started"))" ok

  started=$(now_ms)
  local reply title
  # With ToolBridge__PublicBaseUrl set, /mcp answers only for the public host, which Fly's proxy passes on as Host.
  local entry host_header=()
  for entry in "${environment[@]}"; do
    if [[ $entry == ToolBridge__PublicBaseUrl=* ]]; then
      host_header=(-H "Host: $(sed -E 's#^[a-z]+://([^/]+).*#\1#' <<<"${entry#*=}")")
    fi
  done
  reply=$(curl -s -X POST "$url/mcp" "${host_header[@]}" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-06-18' \
    -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_note","arguments":{"title":"Written by the container check"}}}' || true)
  title=$(python3 -c '
import json, sys
text = sys.stdin.read()
lines = [l[5:].strip() for l in text.splitlines() if l.startswith("data:")] or [text]
result = json.loads(lines[-1]).get("result", {})
print("error" if result.get("isError") else result.get("structuredContent", {}).get("title", "none"))' <<<"$reply" 2>/dev/null || echo "unreadable")
  record "MCP tools/call create_note answers with the note (got ${title:-nothing}; $(since "$started"))" \
    "$([[ $title == "Written by the container check" ]] && echo ok)"

  # 4. Fly's kill signal: a clean exit (code 0) within the drain time, well before kill_timeout.
  started=$(now_ms)
  kill -s "${fly_kill_signal#SIG}" "$app_pid"
  local code=0 stopped=no deadline=$(($(now_ms) + fly_kill_timeout_seconds * 1000))
  while [[ $(now_ms) -lt $deadline ]]; do
    kill -0 "$app_pid" 2>/dev/null || { stopped=yes; break; }
    sleep 0.1
  done
  local elapsed_ms=$(($(now_ms) - started))
  if [[ $stopped == yes ]]; then wait "$app_pid" || code=$?; else kill -KILL "$app_pid"; code=killed; fi
  app_pid=""
  record "$fly_kill_signal: exit code $code after $(since "$started") (must be 0 within the ${fly_drain_seconds} s drain; kill_timeout ${fly_kill_timeout_seconds} s)" \
    "$([[ $code == 0 && $elapsed_ms -lt $((fly_drain_seconds * 1000)) ]] && echo ok)"
}

if [[ ${1:-} == --run-image ]]; then
  work=$2 isolated=$3 app_pid=""
  trap '[[ -n $app_pid ]] && kill -KILL "$app_pid" 2>/dev/null; pg_stop "$work/pg"' EXIT
  status=0
  run_image || status=$?
  echo "$passed $failed" >"$work/counts"
  exit $(( status != 0 || failed > 0 ))
fi

# ---- the image build, on this machine ----------------------------------------------------------------------------
ensure_dotnet
ensure_python_toml
command -v curl >/dev/null || apt_install curl
work=$(mktemp -d /tmp/toolbridge-container.XXXXXX)
chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
spec=$(python3 scripts/lib/deploy_spec.py Dockerfile fly.toml) || die "could not read the Dockerfile and fly.toml"
eval "$spec"
record "the runtime image copies the publish output ($image_publish_dir) and listens on the port fly.toml routes to (EXPOSE ${image_expose[*]}, internal_port $fly_internal_port)" \
  "$([[ $image_copies_publish_dir == yes && " ${image_expose[*]} " == *" $fly_internal_port "* && " ${image_env[*]} " == *" ASPNETCORE_HTTP_PORTS=$fly_internal_port "* ]] && echo ok)"

log "publishing as the Dockerfile does"
started=$(now_ms)
for run in "${image_build_runs[@]}"; do
  echo "    RUN ${run//$image_publish_dir/<image>$image_publish_dir}" >&2
  bash -c "${run//$image_publish_dir/$work/publish}" >>"$work/publish.log" 2>&1 || { tail -n 30 "$work/publish.log" >&2; die "'$run' failed"; }
done
log "published in $(since "$started")"

# The runtime image: WORKDIR holds the publish output, owned by root (COPY without --chown), readable by everyone.
app_dir=$work/image$image_workdir
mkdir -p "$app_dir" "$work/home"
cp -a "$work/publish/." "$app_dir/"
chmod -R u=rwX,go=rX "$work/image"
dotnet_host=$(readlink -f "$(command -v dotnet)")
app_user="" app_uid=""
if [[ $EUID -eq 0 ]]; then
  # The runtime image's USER ($APP_UID, a non-root user without rights on /app); created here once.
  app_user=toolbridge-app
  id -u "$app_user" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$app_user"
  app_uid=$(id -u "$app_user")
  chown -R root:root "$work/image"
  chown "$app_user:$app_user" "$work/home"
else
  log "not root: the app runs as $(id -un) (already non-root) in this machine's network; port $fly_internal_port must be free"
fi
{ echo "$spec"; declare -p dotnet_host app_user app_uid; } >"$work/spec.sh"

log "running the published app as the image runs it (user ${app_user:-$(id -un)}, $image_workdir, port $fly_internal_port)"
status=0
if [[ $EUID -eq 0 ]] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
  unshare --net -- bash "$self" --run-image "$work" yes || status=$?
else
  bash "$self" --run-image "$work" no || status=$?
fi
if [[ -f $work/counts ]]; then
  read -r inner_passed inner_failed <"$work/counts"
  passed=$((passed + inner_passed)) failed=$((failed + inner_failed))
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  record "the image steps ran to the end" failed
fi
[[ $failed -eq 0 ]]
