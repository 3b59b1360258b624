#!/usr/bin/env bash
# Start-up only: the bench's phase f (process start -> first /health/live 200 -> first GET /api/accounts/{id} 200, the
# service in Production from the deployed artifact, the ReadyToRun publish in .local/publish) repeated on the kam_bench
# the last scripts/bench.sh run seeded, for levers on start-up. Variants take turns start by start, so a busy machine
# weighs on each alike.
#
#   scripts/bench-start.sh [--starts N] [--variant LABEL=DLL[,KEY=VALUE...]]...
#
# Default: 5 starts of this checkout's publish. A variant is another build (e.g. the plain Release build output,
# jit=$PWD/src/Kam.EventStore/bin/Release/net10.0/Kam.EventStore.dll) and/or an environment (e.g.
# r2r=$PWD/.local/publish/Kam.EventStore.dll,DOTNET_TieredPGO=0). Both are built first.
# db-apply runs first, with this checkout's publish, as the bench runs it. Needs a kam_bench seeded by scripts/bench.sh
# (--quick is enough). Service output: .local/bench/start-times.log.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STARTS=5
VARIANTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --starts) STARTS="$2"; shift 2 ;;
    --variant) VARIANTS+=(--variant "$2"); shift 2 ;;
    *) kam_die "unknown argument: $1" ;;
  esac
done

kam_dotnet_env
cd "$KAM_REPO_ROOT"
kam_ensure_db || kam_die "could not start the local PostgreSQL"
CS="$(printf '%s' "$ConnectionStrings__Marten" | sed -E 's/(^|;)[[:space:]]*[Dd]atabase[[:space:]]*=[^;]*//');Database=kam_bench"
PSQL=(psql "$(printf '%s' "$CS" | sed -E 's/Host=/host=/;s/Port=/port=/;s/Username=/user=/;s/Database=/dbname=/;s/;/ /g')" -tAq)
"${PSQL[@]}" -c "select 1 from mt_doc_accountstatus limit 1" >/dev/null 2>&1 || kam_die "no seeded kam_bench: run scripts/bench.sh --quick first"

echo "==> dotnet build (Release): service and load client"
dotnet build tests/Kam.EventStore.Bench -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || kam_die "build failed"
echo "==> dotnet publish (Release, ReadyToRun): the service as deployed"
kam_publish_service || kam_die "publish failed"
DLL="$KAM_SERVICE_DLL"
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(--variant "this=$DLL")
LOG="$KAM_LOCAL_DIR/bench/start-times.log"
mkdir -p "$(dirname "$LOG")"
: >"$LOG"

PORT=5190
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
echo "==> db-apply (this publish), as the bench runs it before measuring start-up"
(cd "$(dirname "$DLL")" && ConnectionStrings__Marten="$CS" ASPNETCORE_ENVIRONMENT=Production Auth__Issuer=kam-bench \
  Auth__Audience=kam-eventstore Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" dotnet "$DLL" db-apply) >>"$LOG" 2>&1 ||
  kam_die "db-apply failed; see $LOG"
echo "==> $STARTS starts per variant, taking turns (load average $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet tests/Kam.EventStore.Bench/bin/Release/net10.0/Kam.EventStore.Bench.dll starts --connection "$CS" --port "$PORT" \
  --starts "$STARTS" --service-log "$LOG" "${VARIANTS[@]}"
