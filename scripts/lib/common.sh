# Shared by scripts/dev.sh and scripts/test.sh: install what is missing, run a throwaway PostgreSQL.
# Source it; it defines functions only.

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get is not available: install $* with your package manager"
  if [[ $apt_updated -eq 0 ]]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-upgrade "$@" >/dev/null
}

# Prints the directory holding initdb/pg_ctl, installing PostgreSQL when it is absent.
pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $dir || ! -x $dir/initdb ]]; then
    log "installing PostgreSQL"
    apt_install postgresql
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [[ -x $dir/initdb ]] || die "PostgreSQL binaries not found after install"
  echo "$dir"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
pg_run() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

# pg_start DIR PORT [extra postgres options]: creates the cluster in DIR on first use, then starts it on PORT.
pg_start() {
  local dir=$1 port=$2 extra=${3:-} bin
  bin=$(pg_bin_dir)
  mkdir -p "$dir"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    pg_run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if pg_run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_run "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
  fi
  pg_run "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir $extra" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
}

pg_stop() {
  local dir=$1 bin
  bin=$(pg_bin_dir)
  [[ -f $dir/data/PG_VERSION ]] && pg_run "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required (https://dot.net): dotnet was not found on PATH"
}

# The MCP Inspector version the docs and scripts use (2.12.0 runs on Node 20).
INSPECTOR_PACKAGE="@modelcontextprotocol/inspector@2.12.0"

ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    log "installing Node.js and npm"
    apt_install nodejs npm
  fi
}

# app_dll: the built app, for commands run the way production runs them.
app_dll() { echo "ToolBridge.Web/bin/${1:-Debug}/net10.0/ToolBridge.Web.dll"; }

# wait_ready URL PID: waits for /health/ready, failing early if the process exits.
wait_ready() {
  local url=$1 pid=$2
  for _ in $(seq 1 120); do
    curl -fsS "$url/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# Browser tests drive Debian's Chromium with Playwright (never `playwright install`: it downloads its own build).
ensure_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    log "installing Chromium for the browser tests"
    apt_install chromium
  fi
  [[ -x /usr/bin/chromium ]] || die "Chromium is not at /usr/bin/chromium after install"
}

# The scale-out test puts Debian's nginx in front of two app instances as a round-robin proxy on loopback.
ensure_nginx() {
  if [[ ! -x /usr/sbin/nginx ]]; then
    log "installing nginx for the scale-out test"
    apt_install nginx
  fi
  [[ -x /usr/sbin/nginx ]] || die "nginx is not at /usr/sbin/nginx after install"
}
