#!/usr/bin/env bash
# Build (Release) and test the solution against PostgreSQL.
#
#   scripts/test.sh [extra dotnet test args, e.g. --filter Category=Fast]
#
# Uses ConnectionStrings__Marten when set, else starts the project-local
# database (scripts/db.sh start). TRX results go to .local/test-results/.
# The very last line printed is the summary: "tests: N passed, N failed[, N skipped]".
# Exit 0 only when nothing failed and at least one test passed.
set -uo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RESULTS_DIR="$KAM_LOCAL_DIR/test-results"

finish_broken() {
  kam_log "error: $1"
  echo "tests: 0 passed, 1 failed"
  exit 1
}

mask_secrets() { sed -E 's/(Password|Pwd)=[^;]*/\1=***/Ig'; }

# Sum the <Counters .../> of every TRX file; sets T_PASSED T_FAILED T_SKIPPED T_FILES.
parse_trx() {
  T_PASSED=0 T_FAILED=0 T_SKIPPED=0 T_FILES=0
  local f counters total executed passed failed error timeout aborted not_executed skipped
  for f in "$RESULTS_DIR"/*.trx; do
    [ -f "$f" ] || continue
    counters="$(tr '\r\n' '  ' <"$f" | grep -o '<Counters[[:space:]][^>]*>' | head -n 1)"
    if [ -z "$counters" ]; then
      kam_log "warning: no <Counters> element in $f"
      continue
    fi
    T_FILES=$((T_FILES + 1))
    attr() {
      local v
      v="$(printf '%s' "$counters" | sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p")"
      echo "${v:-0}"
    }
    total="$(attr total)"
    executed="$(attr executed)"
    passed="$(attr passed)"
    failed="$(attr failed)"
    error="$(attr error)"
    timeout="$(attr timeout)"
    aborted="$(attr aborted)"
    not_executed="$(attr notExecuted)"
    # xunit skips show up as total - executed (notExecuted stays 0).
    skipped=$((total - executed))
    [ "$not_executed" -gt "$skipped" ] && skipped="$not_executed"
    [ "$skipped" -lt 0 ] && skipped=0
    T_PASSED=$((T_PASSED + passed))
    T_FAILED=$((T_FAILED + failed + error + timeout + aborted))
    T_SKIPPED=$((T_SKIPPED + skipped))
  done
}

main() {
  kam_dotnet_env
  cd "$KAM_REPO_ROOT" || finish_broken "cannot cd to $KAM_REPO_ROOT"

  local sln
  sln="$(kam_solution)" || finish_broken "no Kam.EventStore.sln in $KAM_REPO_ROOT"

  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR" || finish_broken "cannot create $RESULTS_DIR"

  kam_ensure_db || finish_broken "could not start the local PostgreSQL (or set ConnectionStrings__Marten)"
  echo "Database: $(printf '%s' "$ConnectionStrings__Marten" | mask_secrets)"
  kam_ensure_chromium || finish_broken "the browser tests need Debian's chromium (apt-get install -y chromium)"
  local redocly
  redocly="$(kam_ensure_redocly)" || finish_broken "could not install @redocly/cli from npm for the OpenAPI lint"
  # The OpenAPI document test writes the served document here; it is linted after the tests.
  export KAM_OPENAPI_FILE="$RESULTS_DIR/openapi.json"
  export KAM_SCREENSHOTS="${KAM_SCREENSHOTS:-$RESULTS_DIR/screenshots}"

  echo "==> dotnet build $(basename "$sln") -c Release"
  if ! dotnet build "$sln" -c Release; then
    finish_broken "build failed"
  fi

  echo "==> dotnet test $(basename "$sln") -c Release --no-build $*"
  dotnet test "$sln" -c Release --no-build \
    --results-directory "$RESULTS_DIR" \
    --logger "trx;LogFilePrefix=kam-eventstore" \
    --logger "console;verbosity=normal" \
    "$@"
  local test_rc=$?

  parse_trx
  if [ "$T_FILES" -eq 0 ]; then
    finish_broken "dotnet test (exit $test_rc) produced no TRX file in $RESULTS_DIR"
  fi
  if [ "$test_rc" -ne 0 ] && [ "$T_FAILED" -eq 0 ]; then
    kam_log "error: dotnet test exited with $test_rc but no test is marked failed (test host crash or a project without results?); counting 1 failure."
    T_FAILED=1
  fi

  # The served OpenAPI document, linted with Redocly's recommended rules: an error fails the suite (counted as a test).
  echo "==> redocly lint (recommended) $KAM_OPENAPI_FILE"
  if [ -f "$KAM_OPENAPI_FILE" ] && "$redocly" lint --extends recommended --format=stylish "$KAM_OPENAPI_FILE"; then
    T_PASSED=$((T_PASSED + 1))
  else
    kam_log "error: the OpenAPI document is missing or has lint errors"
    T_FAILED=$((T_FAILED + 1))
  fi

  local line="tests: $T_PASSED passed, $T_FAILED failed"
  [ "$T_SKIPPED" -gt 0 ] && line="$line, $T_SKIPPED skipped"
  echo "TRX: $RESULTS_DIR"
  echo "$line"
  if [ "$T_FAILED" -eq 0 ] && [ "$T_PASSED" -gt 0 ]; then
    exit 0
  fi
  exit 1
}

# Allow sourcing (e.g. to test parse_trx) without running.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
