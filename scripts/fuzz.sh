#!/usr/bin/env bash
# A longer fuzz run than the suite's bounded one (tests/.../Api/FuzzTests.cs).
#
#   scripts/fuzz.sh [requests] [seed]     default: 20000 requests, a new random seed (printed), at most 20 minutes
#
# Generated requests to every operation of the OpenAPI document; fails on any 5xx, any error that is not a problem
# document, any stack trace, .NET type name or SQL in an answer, a refused write that appended, or an error logged.
# A failure prints the seed: run again with it to replay the same requests.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kam_dotnet_env
cd "$KAM_REPO_ROOT"
kam_ensure_db || kam_die "could not start the local PostgreSQL (or set ConnectionStrings__Marten)"

export KAM_FUZZ_REQUESTS="${1:-20000}"
export KAM_FUZZ_SEED="${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
export KAM_FUZZ_SECONDS="${KAM_FUZZ_SECONDS:-1200}"
echo "fuzz: $KAM_FUZZ_REQUESTS requests, seed $KAM_FUZZ_SEED, at most $KAM_FUZZ_SECONDS s"

dotnet build tests/Kam.EventStore.Tests -c Release -v quiet -nologo
mkdir -p "$KAM_LOCAL_DIR"
log="$KAM_LOCAL_DIR/fuzz.log"
rc=0
dotnet test tests/Kam.EventStore.Tests -c Release --no-build --filter "FullyQualifiedName~FuzzTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
# The service's own log lines (JSON) stay in the log file; the verdict and the run's summary are shown.
grep -v '^{"Timestamp"' "$log" | grep -E 'requests over|Passed|Failed|answered|Error Message|should' | cut -c1-2000 || true
echo "full output: $log"
exit "$rc"
