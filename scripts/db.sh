#!/usr/bin/env bash
# Project-local PostgreSQL for development and tests.
#
#   scripts/db.sh start     start (initialising on first use); prints the connection string
#   scripts/db.sh stop      fast shutdown
#   scripts/db.sh status    "running ..." (exit 0) or "not running ..." (exit 3)
#   scripts/db.sh psql ...  psql against database kam (extra args passed through)
#   scripts/db.sh connstr   print the connection string only
#
# Data folder: <repo>/.local/pgdata, or ${TMPDIR:-/tmp}/kam-eventstore-pg-<hash>/pgdata
# when the postgres user cannot reach the repo (running as root).
# Listens on 127.0.0.1 only, trust auth, port derived from the data folder path.
# Env: KAM_PG_PORT (fixed port), KAM_PG_FSYNC=off (faster, unsafe), KAM_PG_BIN (bin folder).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=kam
DB_USER=postgres
PG_OS_USER=postgres
CONNSTR_FILE="$KAM_LOCAL_DIR/postgres.connstr"

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# ---------------------------------------------------------------- helpers

hash_num() { printf '%s' "$1" | cksum | awk '{print $1}'; }

short_hash() {
  if command -v sha1sum >/dev/null 2>&1; then
    printf '%s' "$1" | sha1sum | cut -c1-10
  else
    hash_num "$1"
  fi
}

have_pg_user() { id -u "$PG_OS_USER" >/dev/null 2>&1; }

# Run a command as the postgres OS user when root, else directly.
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$PG_OS_USER" -- "$@")
    elif command -v sudo >/dev/null 2>&1; then
      (cd / && sudo -u "$PG_OS_USER" -- "$@")
    else
      (cd / && su -s /bin/bash "$PG_OS_USER" -c "$(printf '%q ' "$@")")
    fi
  else
    "$@"
  fi
}

# Can the postgres user traverse every folder down to $1 (inclusive)?
pg_can_reach() {
  [ "$IS_ROOT" -eq 1 ] || return 0
  have_pg_user || return 1
  as_pg test -x "$1" >/dev/null 2>&1
}

chown_pg() { if [ "$IS_ROOT" -eq 1 ]; then chown "$PG_OS_USER:" "$@"; fi; }

owner_of() { stat -c %U "$1"; }

# ---------------------------------------------------------------- locations

find_pg_bin_candidates() {
  local d
  if [ -n "${KAM_PG_BIN:-}" ]; then printf '%s\n' "$KAM_PG_BIN"; fi
  if command -v pg_ctl >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v pg_ctl)" 2>/dev/null || command -v pg_ctl)")"
    printf '%s\n' "$d"
  fi
  # Newest first.
  for d in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin; do
    if [ -d "$d" ]; then printf '%s\n' "$d"; fi
  done | sort -rV
}

valid_pg_bin() { [ -x "$1/pg_ctl" ] && [ -x "$1/initdb" ] && [ -x "$1/postgres" ]; }

# Sets PG_BIN (empty when no server binaries are installed). Prefers the
# version an existing data folder was created with.
resolve_pg_bin() {
  PG_BIN=""
  local want="" d
  if [ -n "${PGDATA_DIR:-}" ] && [ -r "$PGDATA_DIR/PG_VERSION" ]; then
    want="$(cat "$PGDATA_DIR/PG_VERSION")"
    for d in "/usr/lib/postgresql/$want/bin" "/usr/pgsql-$want/bin"; do
      if valid_pg_bin "$d"; then PG_BIN="$d"; return 0; fi
    done
  fi
  while IFS= read -r d; do
    if [ -n "$d" ] && valid_pg_bin "$d"; then PG_BIN="$d"; return 0; fi
  done < <(find_pg_bin_candidates)
  return 0
}

ensure_installed() {
  resolve_pg_bin
  if [ -z "$PG_BIN" ]; then
    kam_log "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; installing Debian package 'postgresql'..."
    local sudo=""
    if [ "$IS_ROOT" -ne 1 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo"
      else
        kam_die "PostgreSQL is not installed and this user cannot install it. Install it (Debian: apt-get install -y postgresql) or set KAM_PG_BIN to its bin folder, or set ConnectionStrings__Marten."
      fi
    fi
    command -v apt-get >/dev/null 2>&1 || kam_die "PostgreSQL is not installed and apt-get is not available; install PostgreSQL (15+) or set KAM_PG_BIN."
    if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update >&2 &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2; }; then
      kam_die "apt-get install postgresql failed"
    fi
    resolve_pg_bin
    [ -n "$PG_BIN" ] || kam_die "postgresql installed but initdb/pg_ctl still not found under /usr/lib/postgresql/*/bin"
  fi
  if [ "$IS_ROOT" -eq 1 ] && ! have_pg_user; then
    kam_log "Creating system user '$PG_OS_USER' (initdb/postgres refuse to run as root)..."
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home --shell /bin/bash "$PG_OS_USER" \
      || kam_die "could not create user $PG_OS_USER"
  fi
}

# Sets BASE_DIR (parent of the data folder), PGDATA_DIR, SOCK_DIR, LOG_FILE, PORT_FILE.
resolve_dirs() {
  local reachable=1
  if [ "$IS_ROOT" -eq 1 ]; then
    if ! pg_can_reach "$KAM_REPO_ROOT"; then
      reachable=0
    elif [ -d "$KAM_LOCAL_DIR" ] && ! pg_can_reach "$KAM_LOCAL_DIR"; then
      reachable=0
    fi
  fi
  if [ "$reachable" -eq 1 ]; then
    BASE_DIR="$KAM_LOCAL_DIR"
    USING_FALLBACK=0
  else
    local tmp="${TMPDIR:-/tmp}"
    if [ ! -d "$tmp" ] || ! pg_can_reach "$tmp"; then tmp=/tmp; fi
    tmp="$(cd "$tmp" && pwd -P)"
    BASE_DIR="$tmp/kam-eventstore-pg-$(short_hash "$KAM_REPO_ROOT")"
    USING_FALLBACK=1
  fi
  PGDATA_DIR="$BASE_DIR/pgdata"
  SOCK_DIR="$BASE_DIR/pgsock"
  LOG_FILE="$BASE_DIR/postgres.log"
  PORT_FILE="$BASE_DIR/pgport"
  # Unix socket paths are limited to ~107 bytes: use a short folder if needed.
  if [ $(( ${#SOCK_DIR} + 20 )) -gt 100 ]; then
    SOCK_DIR="/tmp/kam-pgsock-$(short_hash "$PGDATA_DIR")"
  fi
}

# Create BASE_DIR and the folders postgres needs, with the right owners.
prepare_dirs() {
  if [ "$USING_FALLBACK" -eq 1 ]; then
    kam_log "Note: user '$PG_OS_USER' cannot reach $KAM_REPO_ROOT; using data folder $PGDATA_DIR"
    if [ -L "$BASE_DIR" ]; then kam_die "$BASE_DIR is a symlink; refusing to use it"; fi
    mkdir -p "$BASE_DIR"
    [ "$(stat -c %u "$BASE_DIR")" = "$(id -u)" ] || kam_die "$BASE_DIR is owned by another user; remove it or set TMPDIR"
  else
    mkdir -p "$BASE_DIR"
  fi
  chmod 755 "$BASE_DIR"
  mkdir -p "$SOCK_DIR"
  chown_pg "$SOCK_DIR"
  chmod 755 "$SOCK_DIR"
  mkdir -p "$KAM_LOCAL_DIR"
  # Rotate a big log.
  if [ -f "$LOG_FILE" ] && [ "$(wc -c <"$LOG_FILE")" -gt 20000000 ]; then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
  touch "$LOG_FILE"
  chown_pg "$LOG_FILE"
}

# Serialise concurrent invocations (test.sh and run.sh at once, say).
take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$BASE_DIR/.db.lock"
    flock -w 120 9 || kam_die "timed out waiting for $BASE_DIR/.db.lock"
  fi
}

# ---------------------------------------------------------------- server state

is_postgres_proc() {
  local comm=""
  if [ -r "/proc/$1/comm" ]; then
    comm="$(cat "/proc/$1/comm" 2>/dev/null || true)"
  else
    comm="$(ps -p "$1" -o comm= 2>/dev/null || true)"
  fi
  case "$comm" in *postgres* | *postmaster*) ;; *) return 1 ;; esac
  # A zombie (killed, never reaped) is not a running server.
  local state=""
  if [ -r "/proc/$1/stat" ]; then
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true)"
  else
    state="$(ps -p "$1" -o stat= 2>/dev/null || true)"
  fi
  case "$state" in Z* | X*) return 1 ;; esac
  return 0
}

# Prints the postmaster pid when our server is running.
server_pid() {
  local pidfile="$PGDATA_DIR/postmaster.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  is_postgres_proc "$pid" || return 1
  printf '%s\n' "$pid"
}

running_port() { sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -d '[:space:]'; }

port_in_use() {
  local p="$1"
  if command -v ss >/dev/null 2>&1; then
    if [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then return 0; fi
  fi
  if command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016  # $0 is expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$p" 2>/dev/null && return 0
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
  fi
  return 1
}

valid_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1024 ] && [ "$1" -le 65535 ]; }

default_port() { echo $(( 54320 + $(hash_num "$PGDATA_DIR") % 500 )); }

# The port we would use (no side effects).
planned_port() {
  if [ -n "${KAM_PG_PORT:-}" ]; then echo "$KAM_PG_PORT"; return; fi
  local p=""
  [ -f "$PORT_FILE" ] && p="$(tr -d '[:space:]' <"$PORT_FILE")"
  if valid_port "$p"; then echo "$p"; else default_port; fi
}

# Sets PORT to a free port and remembers it.
choose_port() {
  if [ -n "${KAM_PG_PORT:-}" ]; then
    valid_port "$KAM_PG_PORT" || kam_die "KAM_PG_PORT=$KAM_PG_PORT is not a valid port"
    port_in_use "$KAM_PG_PORT" && kam_die "KAM_PG_PORT=$KAM_PG_PORT is already in use by another server"
    PORT="$KAM_PG_PORT"
    return 0
  fi
  local first p tries=0
  first="$(planned_port)"
  p="$first"
  while port_in_use "$p"; do
    tries=$((tries + 1))
    [ "$tries" -lt 200 ] || kam_die "no free port found in $first..$p"
    p=$((p + 1))
    [ "$p" -le 65535 ] || p=54320
  done
  if [ "$p" != "$first" ]; then
    kam_log "Port $first is taken by another server; using $p (remembered in $PORT_FILE)."
  fi
  echo "$p" >"$PORT_FILE"
  PORT="$p"
}

connstr_for() { printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s' "$1" "$DB_NAME" "$DB_USER"; }

write_connstr() {
  mkdir -p "$KAM_LOCAL_DIR"
  connstr_for "$1" >"$CONNSTR_FILE.tmp.$$"
  echo >>"$CONNSTR_FILE.tmp.$$"
  mv -f "$CONNSTR_FILE.tmp.$$" "$CONNSTR_FILE"
}

psql_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/psql" ]; then
    echo "$PG_BIN/psql"
  elif command -v psql >/dev/null 2>&1; then
    command -v psql
  else
    kam_die "psql not found (Debian: apt-get install -y postgresql-client)"
  fi
}

show_log_tail() {
  kam_log "---- last lines of $LOG_FILE ----"
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  kam_log "----"
}

# ---------------------------------------------------------------- start steps

# After kill -9 of the postmaster: drop its pid file once its children are gone.
recover_stale_pid() {
  local pidfile="$PGDATA_DIR/postmaster.pid"
  [ -f "$pidfile" ] || return 0
  local pid waited=0 p orphans
  pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  kam_log "Recovering from a stale postmaster.pid (pid ${pid:-?} is not running)."
  # Former backends have the data folder as working directory; they exit on
  # their own shortly after the postmaster died. Wait for them (up to 15 s).
  while :; do
    orphans=""
    for p in /proc/[0-9]*; do
      if [ "$(readlink "$p/cwd" 2>/dev/null || true)" = "$PGDATA_DIR" ]; then orphans="$orphans ${p#/proc/}"; fi
    done
    [ -n "$orphans" ] || break
    if [ "$waited" -ge 30 ]; then
      kam_log "Warning: old server processes still alive:$orphans"
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
}

# Our socket folder is private: leftover sockets/lock files are stale when
# the server is not running (a zombie pid in a lock file blocks a restart).
clean_socket_dir() {
  rm -f "$SOCK_DIR"/.s.PGSQL.* 2>/dev/null || true
}

init_cluster() {
  [ -f "$PGDATA_DIR/PG_VERSION" ] && return 0
  if [ -d "$PGDATA_DIR" ] && [ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]; then
    kam_die "$PGDATA_DIR exists but is not a PostgreSQL data folder; remove it"
  fi
  local tmp="$PGDATA_DIR.init"
  kam_log "Initialising PostgreSQL data folder $PGDATA_DIR ($PG_BIN)..."
  rm -rf "$tmp"
  mkdir -p "$tmp"
  chmod 700 "$tmp"
  chown_pg "$tmp"
  if ! LC_ALL=C as_pg "$PG_BIN/initdb" -D "$tmp" -U "$DB_USER" -A trust -E UTF8 --no-locale \
      >"$BASE_DIR/initdb.log" 2>&1; then
    cat "$BASE_DIR/initdb.log" >&2
    rm -rf "$tmp"
    kam_die "initdb failed"
  fi
  cat >>"$tmp/postgresql.conf" <<'EOF'

# ---- kam-eventstore local dev/test instance (scripts/db.sh) ----
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 128MB
log_line_prefix = '%m [%p] %q%u@%d '
# port, socket folder and fsync are written on every start:
include_if_exists = 'kam-runtime.conf'
EOF
  rmdir "$PGDATA_DIR" 2>/dev/null || true
  mv "$tmp" "$PGDATA_DIR"
}

check_ownership() {
  local owner
  owner="$(owner_of "$PGDATA_DIR")"
  if [ "$IS_ROOT" -eq 1 ]; then
    if [ "$owner" != "$PG_OS_USER" ]; then
      kam_log "Fixing ownership of $PGDATA_DIR ($owner -> $PG_OS_USER)."
      chown -R "$PG_OS_USER:" "$PGDATA_DIR"
    fi
  elif [ "$owner" != "$(id -un)" ]; then
    kam_die "$PGDATA_DIR belongs to '$owner'; run as that user (or root), or remove the folder"
  fi
  chmod 700 "$PGDATA_DIR"
}

conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_runtime_conf() {
  local fsync=on
  case "${KAM_PG_FSYNC:-on}" in
    off | OFF | false | 0 | no) fsync=off ;;
    on | ON | true | 1 | yes) fsync=on ;;
    *) kam_die "KAM_PG_FSYNC must be on or off" ;;
  esac
  local f="$PGDATA_DIR/kam-runtime.conf"
  {
    echo "# Written by scripts/db.sh on every start; do not edit."
    echo "port = $PORT"
    echo "unix_socket_directories = $(conf_quote "$SOCK_DIR")"
    echo "fsync = $fsync"
    echo "synchronous_commit = $fsync"
    echo "full_page_writes = $fsync"
  } >"$f"
  chown_pg "$f"
  chmod 600 "$f"
}

ensure_database() {
  local psql exists
  psql="$(psql_bin)"
  exists="$(PGCONNECT_TIMEOUT=10 "$psql" -X -q -h 127.0.0.1 -p "$1" -U "$DB_USER" -d postgres -tAc \
    "select 1 from pg_database where datname = '$DB_NAME'")" || kam_die "cannot connect to the server on port $1"
  if [ "$exists" != "1" ]; then
    kam_log "Creating database $DB_NAME..."
    PGCONNECT_TIMEOUT=10 "$psql" -X -q -h 127.0.0.1 -p "$1" -U "$DB_USER" -d postgres \
      -c "create database $DB_NAME" >&2 || kam_die "create database $DB_NAME failed"
  fi
}

# ---------------------------------------------------------------- commands

cmd_start() {
  ensure_installed
  resolve_dirs
  resolve_pg_bin
  prepare_dirs
  take_lock

  local pid port
  if pid="$(server_pid)"; then
    port="$(running_port)"
    kam_log "PostgreSQL already running (pid $pid, port $port, data $PGDATA_DIR)."
    if [ -n "${KAM_PG_PORT:-}" ] && [ "$KAM_PG_PORT" != "$port" ]; then
      kam_log "Warning: KAM_PG_PORT=$KAM_PG_PORT ignored; stop the server first to change the port."
    fi
  else
    recover_stale_pid
    clean_socket_dir
    init_cluster
    check_ownership
    choose_port
    write_runtime_conf
    kam_log "Starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PORT, data $PGDATA_DIR, log $LOG_FILE..."
    # 9>&- : the server must not inherit the lock.
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 -s start >&2 9>&-; then
      show_log_tail
      kam_die "PostgreSQL failed to start (data $PGDATA_DIR)"
    fi
    server_pid >/dev/null || { show_log_tail; kam_die "PostgreSQL exited right after starting"; }
    port="$(running_port)"
    [ -n "$port" ] || port="$PORT"
  fi
  ensure_database "$port"
  write_connstr "$port"
  connstr_for "$port"
  echo
}

cmd_stop() {
  resolve_dirs
  resolve_pg_bin
  local pid
  if pid="$(server_pid)"; then
    [ -n "$PG_BIN" ] || kam_die "pg_ctl not found"
    if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 -s stop >&2; then
      echo "PostgreSQL stopped (data $PGDATA_DIR)."
    else
      kam_die "pg_ctl stop failed (pid $pid)"
    fi
  else
    echo "PostgreSQL not running (data $PGDATA_DIR)."
  fi
}

cmd_status() {
  resolve_dirs
  local pid
  if pid="$(server_pid)"; then
    echo "PostgreSQL running: pid $pid, 127.0.0.1:$(running_port), data $PGDATA_DIR"
    return 0
  fi
  echo "PostgreSQL not running (data $PGDATA_DIR, port $(planned_port) when started)"
  return 3
}

cmd_connstr() {
  resolve_dirs
  local port
  if server_pid >/dev/null; then port="$(running_port)"; else port="$(planned_port)"; fi
  connstr_for "$port"
  echo
}

cmd_psql() {
  resolve_dirs
  if ! server_pid >/dev/null; then
    cmd_start >/dev/null
    resolve_dirs
  fi
  resolve_pg_bin
  local psql
  psql="$(psql_bin)"
  exec "$psql" -h 127.0.0.1 -p "$(running_port)" -U "$DB_USER" -d "$DB_NAME" "$@"
}

usage() {
  cat >&2 <<'EOF'
usage: scripts/db.sh start|stop|status|psql [psql args]|connstr
  env: KAM_PG_PORT=<port>  KAM_PG_FSYNC=off  KAM_PG_BIN=<postgres bin folder>
EOF
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    psql) cmd_psql "$@" ;;
    connstr) cmd_connstr ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
