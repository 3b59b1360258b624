#!/usr/bin/env bash
# Benchmark harness: the service against raw-Npgsql baselines on the same machine, in the same run.
#
#   scripts/bench.sh [--quick] [--accounts N] [--events N] [--big-account-events N] [--service-env KEY=VALUE]...
#                    [--phases writes,reads,sales,paging,history,statements,rebuild]
#
# Builds Release, starts the project-local PostgreSQL (or uses ConnectionStrings__Marten's server), DROPS and
# recreates the database kam_bench (KAM_BENCH_DB to rename it; the name must contain "bench", so dev and test
# data are never touched), bulk-seeds it, starts the service as deployed (the ReadyToRun publish the Dockerfile
# builds, into .local/publish: dotnet Kam.EventStore.dll) on 127.0.0.1, measures, prints a table and writes
# bench-results.json at the repo root.
#
# Default scale: 1,000 accounts / 200,000 events plus one account of 10,000 events (about 10 minutes).
# --quick: 100 accounts / 10,000 events plus one of 2,000, short phases (about 4 minutes with the build).
# --service-env KEY=VALUE: extra environment for the service, for experiments (e.g.
#   Logging__LogLevel__Default=Warning); recorded in bench-results.json. Not for the published figures.
# --phases: only these measurements (start and warm-up always run); for experiments, not for the published figures.
# KAM_BENCH_SERVICE_DLL=<path to Kam.EventStore.dll>: measure that build instead of the publish (before/after only).
# The service (and the bare endpoint the reads are compared with) are killed on exit, failure or Ctrl-C.
# Service output: .local/bench/service.log.
# See docs/benchmarks.md for what each figure means and the latest results.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

CLIENT_ARGS=()
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; CLIENT_ARGS+=(--quick); shift ;;
    --accounts | --events | --big-account-events)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then kam_die "$1 needs a number"; fi
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    --phases)
      if [ $# -lt 2 ]; then kam_die "--phases needs a list"; fi
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    --service-env)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then kam_die "--service-env needs KEY=VALUE"; fi
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage; kam_die "unknown option: $1" ;;
  esac
done

ORIGINAL_COMMAND="scripts/bench.sh${CLIENT_ARGS[*]:+ ${CLIENT_ARGS[*]}}"
BENCH_DB="${KAM_BENCH_DB:-kam_bench}"
case "$BENCH_DB" in
  *bench*) ;;
  *) kam_die "KAM_BENCH_DB=$BENCH_DB: the bench database is dropped on every run, so its name must contain 'bench'" ;;
esac
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || kam_die "KAM_BENCH_DB must be a plain lower-case identifier"

WORK_DIR="$KAM_LOCAL_DIR/bench"
PID_FILE="$WORK_DIR/service.pid"
SERVICE_LOG="$WORK_DIR/service.log"
RESULTS="$KAM_REPO_ROOT/bench-results.json"
CLIENT_PROJECT="$KAM_REPO_ROOT/tests/Kam.EventStore.Bench/Kam.EventStore.Bench.csproj"
CLIENT_DLL="$KAM_REPO_ROOT/tests/Kam.EventStore.Bench/bin/Release/net10.0/Kam.EventStore.Bench.dll"

# Kill the processes we started (and only them): the service, the bare endpoint and the counting service. Each pid is in
# a pid file and its command line names our dll (the service's, or the bench's in "bare" mode).
cleanup() {
  local file pid i
  for file in "$PID_FILE" "$PID_FILE.bare" "$PID_FILE.count"; do
    pid=""
    [ -f "$file" ] && pid="$(tr -d '[:space:]' <"$file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
      tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE 'Kam\.EventStore\.dll|Kam\.EventStore\.Bench\.dll bare'; then
      kam_log "Stopping pid $pid ($(basename "$file"))."
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$i" -lt 50 ] || kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
      done
    fi
    rm -f "$file"
  done
}
CLIENT_PID=""
# On Ctrl-C or TERM: stop the client first (so it cannot start another service process), then exit: the EXIT
# trap kills the service. The client runs in the background and we `wait` on it, so signals act immediately.
on_signal() {
  trap - INT TERM
  if [ -n "$CLIENT_PID" ] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill -TERM "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local p
  for p in $(seq "${KAM_BENCH_PORT:-5180}" $(( ${KAM_BENCH_PORT:-5180} + 99 ))); do
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

# The same server as ConnectionStrings__Marten (or the project-local one), database $BENCH_DB.
bench_connstr() {
  local cs="$1"
  if printf '%s' "$cs" | grep -qiE '(^|;)[[:space:]]*Database[[:space:]]*='; then
    printf '%s' "$cs" | sed -E "s/(^|;)[[:space:]]*[Dd][Aa][Tt][Aa][Bb][Aa][Ss][Ee][[:space:]]*=[^;]*/\1Database=$BENCH_DB/"
  else
    printf '%s;Database=%s' "${cs%;}" "$BENCH_DB"
  fi
}

main() {
  kam_dotnet_env
  cd "$KAM_REPO_ROOT"
  mkdir -p "$WORK_DIR"
  cleanup

  kam_ensure_db || kam_die "could not start the local PostgreSQL (or set ConnectionStrings__Marten)"
  local cs port commit limit
  cs="$(bench_connstr "$ConnectionStrings__Marten")"
  echo "Bench database: $(printf '%s' "$cs" | sed -E 's/(Password|Pwd)=[^;]*/\1=***/Ig')"

  echo "==> dotnet build (Release): service and load client"
  dotnet build "$CLIENT_PROJECT" -c Release -nologo -v quiet -clp:ErrorsOnly ||
    kam_die "build failed"
  echo "==> dotnet publish (Release, ReadyToRun): the service as deployed, into ${KAM_PUBLISH_DIR#"$KAM_REPO_ROOT"/}"
  kam_publish_service || kam_die "publish failed"
  # Another build of the service, for a before/after (e.g. the plain Release build output); not for the published figures.
  if [ -n "${KAM_BENCH_SERVICE_DLL:-}" ]; then
    [ -f "$KAM_BENCH_SERVICE_DLL" ] || kam_die "KAM_BENCH_SERVICE_DLL: no such file: $KAM_BENCH_SERVICE_DLL"
    KAM_SERVICE_DLL="$KAM_BENCH_SERVICE_DLL"
    ORIGINAL_COMMAND="KAM_BENCH_SERVICE_DLL=${KAM_BENCH_SERVICE_DLL#"$KAM_REPO_ROOT"/} $ORIGINAL_COMMAND"
    echo "    measuring $KAM_SERVICE_DLL instead (KAM_BENCH_SERVICE_DLL)"
  fi

  port="$(pick_port)" || kam_die "no free port from ${KAM_BENCH_PORT:-5180}"
  commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi

  # Hard cap on the client, whatever happens inside it (every phase is bounded too).
  limit=1200
  [ "$QUICK" -eq 1 ] && limit=300
  echo "==> load client on http://127.0.0.1:$port (time limit ${limit} s; service log $SERVICE_LOG)"
  timeout --kill-after=10 "$limit" dotnet "$CLIENT_DLL" \
    --connection "$cs" \
    --service-dll "$KAM_SERVICE_DLL" \
    --port "$port" \
    --out "$RESULTS" \
    --pid-file "$PID_FILE" \
    --service-log "$SERVICE_LOG" \
    --commit "$commit" \
    --command "$ORIGINAL_COMMAND" \
    "${CLIENT_ARGS[@]}" &
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  [ "$rc" -ne 124 ] || kam_log "error: the load client hit its ${limit} s time limit"
  return "$rc"
}

main
