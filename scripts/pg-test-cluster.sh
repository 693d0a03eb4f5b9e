#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the real-Postgres test tier.
#   scripts/pg-test-cluster.sh start   -> prints the TEST_DATABASE_URL to use
#   scripts/pg-test-cluster.sh stop
# initdb refuses root, so the cluster runs as the `postgres` user; data and socket live in one
# temp dir; fsync is off because the data is disposable. pgvector is built from Debian trixie's
# source package when missing (bookworm has no binary package).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_CONFIG=${PG_CONFIG:-$PG_BIN/pg_config}
PORT=${PG_TEST_PORT:-54329}
DIR=${PG_TEST_DIR:-/tmp/org-schema-pg}
RUN_AS=postgres

log() { printf '[pg-test-cluster] %s\n' "$*" >&2; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

ensure_postgres() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    log "PostgreSQL 15 server binaries not found in $PG_BIN; installing postgresql-15"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi
}

ensure_pgvector() {
  local sharedir
  sharedir=$("$PG_CONFIG" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)
  if [ -f "$sharedir/extension/vector.control" ]; then return 0; fi
  log "pgvector missing: building it from Debian trixie's source package"
  [ "$(id -u)" = 0 ] || { log "building pgvector needs root (apt-get)"; exit 1; }
  local list=/etc/apt/sources.list.d/trixie-src.list
  if [ ! -f "$list" ]; then
    echo "deb-src http://deb.debian.org/debian trixie main" >"$list"
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 dpkg-dev make gcc >/dev/null
  local build
  build=$(mktemp -d)
  (cd "$build" && apt-get source -qq pgvector >/dev/null 2>&1)
  local src
  src=$(find "$build" -maxdepth 1 -type d -name 'pgvector-*' | head -1)
  [ -n "$src" ] || { log "apt-get source pgvector produced no source tree"; exit 1; }
  make -s -C "$src" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >/dev/null
  make -s -C "$src" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install >/dev/null
  rm -rf "$build"
  log "pgvector installed"
}

start() {
  ensure_postgres
  ensure_pgvector
  if [ -f "$DIR/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    log "already running"
  else
    rm -rf "$DIR"
    mkdir -p "$DIR"
    chown "$RUN_AS" "$DIR" 2>/dev/null || true
    as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start -o \
      "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" >/dev/null
  fi
  echo "postgres://postgres@127.0.0.1:$PORT/postgres"
}

stop() {
  if [ -d "$DIR/data" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
