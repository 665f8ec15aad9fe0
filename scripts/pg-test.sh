#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store tests, on 127.0.0.1 only.
#
#   bash scripts/pg-test.sh start   # prints the database URL on stdout
#   bash scripts/pg-test.sh url     # the URL of the running server (exit 1 when none)
#   bash scripts/pg-test.sh stop    # stops the server and removes its files
#
# The cluster lives in a temporary folder of its own for this checkout
# (LEVERS_PG_DIR overrides it), is initialised with trust authentication for
# loopback connections only, and listens on a free port. `start` when it is
# already running prints the same URL again; `stop` when it is not is a no-op.
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user that Debian's package creates.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${LEVERS_PG_DIR:-${TMPDIR:-/tmp}/levers-pg-$(printf '%s' "$here" | md5sum | cut -c1-10)}"
db=levers_test

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then bindir="$d"; break; fi
done

log() { echo "pg-test: $*" >&2; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { echo "postgresql://levers@127.0.0.1:$(cat "$dir/port")/$db"; }

running() {
  [[ -n "$bindir" && -f "$dir/port" && -d "$dir/data" ]] &&
    as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if [[ -z "$bindir" ]]; then
    log "PostgreSQL is not installed (apt-get install postgresql; scripts/setup-deps.sh does)"
    exit 1
  fi
  if running; then
    url
    return
  fi
  # Whatever a killed run left behind goes first.
  rm -rf "$dir"
  mkdir -p "$dir/sock"
  if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      log "no postgres user to run the server as"
      exit 1
    fi
    chown -R postgres "$dir"
  fi
  as_owner "$bindir/initdb" -D "$dir/data" -U levers -A trust --encoding=UTF8 --locale=C \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local port tries=0
  while :; do
    port="$(free_port)"
    echo "$port" >"$dir/port"
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/sock" \
        start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if ((tries >= 3)); then
      log "the server did not start; its log:"
      cat "$dir/server.log" >&2 || true
      exit 1
    fi
  done
  "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U levers -d postgres \
    -c "CREATE DATABASE $db" >/dev/null
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
  url
}

stop() {
  if [[ -n "$bindir" && -d "$dir/data" ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running && url || exit 1 ;;
  *)
    echo "usage: bash scripts/pg-test.sh start|stop|url" >&2
    exit 2
    ;;
esac
