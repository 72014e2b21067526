#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, CI and the benchmarks: a temp folder, a spare
# loopback port, trust authentication, gone when stopped. Never touches a real cluster.
#
#   eval "$(bash scripts/postgres.sh start)"     # prints the exports below, progress on stderr
#   bash scripts/postgres.sh stop                # stops $QUIZAPP_PG_DIR's cluster and deletes it
#   bash scripts/postgres.sh stop DIR
#
# start prints:
#   QUIZAPP_PG_DIR             the cluster's folder (data, socket, log)
#   QUIZAPP_PG_ADMIN_URL       the maintenance database, for CREATE/DROP DATABASE
#   QUIZAPP_TEST_DATABASE_URL  what tests/conftest.py switches to PostgreSQL with
#
# Debian's PostgreSQL 15 (or the newest installed, at least 15) is installed with apt when
# missing. initdb refuses to run as root, so as root the cluster runs as the `postgres` user
# (made if missing). Durability is off (fsync, synchronous_commit, full_page_writes): a lost
# test database costs nothing, and the cluster lives in /dev/shm (tmpfs) when there is one:
# each test's CREATE DATABASE makes and copies a few hundred files, 10 ms there against 100 ms
# and more on a disk. QUIZAPP_PG_DURABLE=1 keeps PostgreSQL's production defaults on disk
# (${TMPDIR:-/tmp}), for benchmarks that should pay for every commit as a real server does.
# QUIZAPP_PG_ROOT chooses the folder the cluster's folder is made in.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

ensure_binaries() {
  if bin=$(find_bin); then return 0; fi
  log "installing PostgreSQL (Debian packages)"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    postgresql-15 >&2 ||
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
      postgresql >&2
  bin=$(find_bin) || { log "no PostgreSQL binaries under /usr/lib/postgresql"; exit 1; }
}

# Run a PostgreSQL program as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_owner() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id postgres >/dev/null 2>&1; then
    log "creating the postgres user"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  ensure_binaries
  ensure_owner
  local dir port version root=${QUIZAPP_PG_ROOT:-}
  if [ -z "$root" ]; then
    root=${TMPDIR:-/tmp}
    if [ "${QUIZAPP_PG_DURABLE:-0}" != "1" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
      root=/dev/shm
    fi
  fi
  dir=$(mktemp -d "$root/quizapp-pg.XXXXXX")
  chmod 0755 "$dir"
  mkdir "$dir/data"
  chmod 0700 "$dir/data"
  [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$dir"
  version=$("$bin/postgres" --version)
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # The server's zone is India's on purpose: the app must pin its sessions to UTC itself.
  local options="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir"
  options+=" -c max_connections=300 -c shared_buffers=128MB -c TimeZone=Asia/Kolkata"
  if [ "${QUIZAPP_PG_DURABLE:-0}" != "1" ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  # A spare port: taken between the check and the start only by bad luck, so retry then.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port $options" start >/dev/null; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres quizapp_test
  log "$version on 127.0.0.1:$port in $dir"
  echo "export QUIZAPP_PG_DIR=$dir"
  echo "export QUIZAPP_PG_ADMIN_URL=postgresql://postgres@127.0.0.1:$port/postgres"
  echo "export QUIZAPP_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$port/quizapp_test"
}

stop() {
  local dir=${1:-${QUIZAPP_PG_DIR:-}}
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    log "no cluster to stop (${dir:-QUIZAPP_PG_DIR is not set})"
    return 0
  fi
  case "$dir" in
    */quizapp-pg.*) ;;
    *) log "refusing to delete $dir: not made by this script"; exit 1 ;;
  esac
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: bash scripts/postgres.sh start | stop [DIR]" >&2
    exit 2
    ;;
esac
