#!/usr/bin/env bash
# One lever at a time: CPU per request of the service and of PostgreSQL, measured with wrk against the Production artifact
# (the ReadyToRun publish the bench and the Dockerfile use) on
# the database the last scripts/bench.sh run seeded (kam_bench). Robust to a busy machine where throughput is not: it
# reports the cores each side used divided by the requests served.
#
#   scripts/bench-lever.sh [--seconds N] [--connections N] [--service-env KEY=VALUE]... [read|list|timeline|register|write|asof|asofview]...
#
# asof and asofview read the status and the whole view of the account with the most events as of the middle of its history
# (the bench's phase d); run them with --connections 1.
#
# Default: every scenario, 10 s each, 16 connections. Needs a kam_bench seeded by scripts/bench.sh (--quick is enough)
# and wrk (apt-get install -y wrk; installed when missing). KAM_BENCH_SERVICE_DLL measures another published build. The service runs as the bench runs it (Production, a token
# signed with a key made for the run) on a free port from 5380; it is stopped on exit.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_EACH=10
CONNECTIONS=16
SCENARIOS=()
EXTRA_ENV=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --service-env) EXTRA_ENV+=("$2"); shift 2 ;;
    read | list | timeline | register | write | asof | asofview) SCENARIOS+=("$1"); shift ;;
    *) kam_die "unknown argument: $1" ;;
  esac
done
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(read list timeline register write)

kam_dotnet_env
cd "$KAM_REPO_ROOT"
command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null || kam_die "wrk is needed (apt-get install -y wrk)"
kam_ensure_db || kam_die "could not start the local PostgreSQL"
CS="$(printf '%s' "$ConnectionStrings__Marten" | sed -E 's/(^|;)[[:space:]]*[Dd]atabase[[:space:]]*=[^;]*//');Database=kam_bench"
PSQL=(psql "$(printf '%s' "$CS" | sed -E 's/Host=/host=/;s/Port=/port=/;s/Username=/user=/;s/Database=/dbname=/;s/;/ /g')" -tAq)
"${PSQL[@]}" -c "select 1 from mt_doc_accountstatus limit 1" >/dev/null 2>&1 || kam_die "no seeded kam_bench: run scripts/bench.sh --quick first"

if [ -n "${KAM_BENCH_SERVICE_DLL:-}" ]; then
  # Another build, already published (an A/B of two commits), as scripts/bench.sh takes it.
  DLL="$(realpath "$KAM_BENCH_SERVICE_DLL")"
else
  echo "==> dotnet publish (Release, ReadyToRun): the service as deployed"
  kam_publish_service || kam_die "publish failed"
  DLL="$KAM_SERVICE_DLL"
fi

PORT=5380
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
KEY="$(head -c 48 /dev/urandom | base64 -w0)"
export ConnectionStrings__Marten="$CS" ASPNETCORE_ENVIRONMENT=Production Auth__Issuer=kam-lever Auth__Audience=kam-eventstore \
  Auth__SigningKey="$KEY" RateLimit__PermitLimit=1000000000
for kv in "${EXTRA_ENV[@]}"; do export "${kv?}"; done
TOKEN="$(dotnet "$DLL" token --user lever --role admin,approver | tail -n 1)"
LOG="$KAM_LOCAL_DIR/bench/lever-service.log"
mkdir -p "$(dirname "$LOG")"
# From its own folder, as the bench runs it: that is where its appsettings.json (logging at Warning) is.
(cd "$(dirname "$DLL")" && exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT") >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/live" && break
  sleep 0.1
done

POSTMASTER="$("${PSQL[@]}" -c "select pid from pg_stat_activity where backend_type = 'checkpointer'" | xargs -r ps -o ppid= -p | tr -d ' ')"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local total=0 pid
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$POSTMASTER/stat")
  for pid in $(ps -o pid= --ppid "$POSTMASTER"); do total=$((total + $(ticks "$pid"))); done
  echo "$total"
}

ACCOUNTS="$("${PSQL[@]}" -c "select id from mt_doc_accountstatus where name_key not like 'bench writer%' order by id limit 200" | paste -sd, -)"
WRITERS="$("${PSQL[@]}" -c "select id from mt_doc_accountstatus where name_key like 'bench writer%' order by name_key limit 16" | paste -sd, -)"
REGISTERS="$("${PSQL[@]}" -c "select distinct account_id from mt_doc_commitment limit 200" | paste -sd, -)"
[ -n "$WRITERS" ] || kam_die "no Bench Writer accounts in kam_bench"
BIG="$("${PSQL[@]}" -c "select s.id from mt_streams as s join mt_doc_accountstatus as a on a.id = s.id order by s.version desc limit 1")"
MIDDLE="$("${PSQL[@]}" -c "select to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from mt_events where stream_id = '$BIG' and version = (select version / 2 from mt_streams where id = '$BIG')")"
LUA="$KAM_LOCAL_DIR/bench/lever.lua"
cat >"$LUA" <<EOF
local accounts = {}
for id in string.gmatch("$ACCOUNTS", "[^,]+") do accounts[#accounts + 1] = id end
local registers = {}
for id in string.gmatch("${REGISTERS:-$ACCOUNTS}", "[^,]+") do registers[#registers + 1] = id end
local writers = {}
for id in string.gmatch("$WRITERS", "[^,]+") do writers[#writers + 1] = id end
local counter = 0
local scenario = os.getenv("LEVER_SCENARIO")
function setup(thread) counter = counter + 1; thread:set("me", counter) end
local flip = 0
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
request = function()
  if scenario == "write" then
    flip = 1 - flip
    local status = flip == 1 and "AtRisk" or "Active"
    return wrk.format("POST", "/api/accounts/" .. writers[(me - 1) % #writers + 1] .. "/status-changes", nil,
      '{"status":"' .. status .. '","reason":"Weekly relationship health review"}')
  elseif scenario == "asof" then return wrk.format("GET", "/api/accounts/$BIG?asOf=$MIDDLE")
  elseif scenario == "asofview" then return wrk.format("GET", "/api/accounts/$BIG/view?asOf=$MIDDLE")
  elseif scenario == "list" then return wrk.format("GET", "/api/accounts?limit=50")
  elseif scenario == "timeline" then return wrk.format("GET", "/api/accounts/" .. accounts[math.random(#accounts)] .. "/timeline?limit=50")
  elseif scenario == "register" then return wrk.format("GET", "/api/accounts/" .. registers[math.random(#registers)] .. "/commitments?limit=50")
  else return wrk.format("GET", "/api/accounts/" .. accounts[math.random(#accounts)]) end
end
EOF

printf '%-9s %10s %8s %14s %14s %8s\n' scenario "req/s" non-2xx "service ms/req" "postgres ms/req" "other"
for scenario in "${SCENARIOS[@]}"; do
  LEVER_SCENARIO=$scenario wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 3s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
  s0=$(ticks $SERVICE); p0=$(pg_ticks); a0=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  out="$(LEVER_SCENARIO=$scenario wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "${SECONDS_EACH}s" -s "$LUA" "http://127.0.0.1:$PORT")"
  s1=$(ticks $SERVICE); p1=$(pg_ticks); a1=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  requests=$(printf '%s\n' "$out" | awk '/requests in/{print $1}')
  rate=$(printf '%s\n' "$out" | awk '/Requests\/sec/{print $2}')
  bad=$(printf '%s\n' "$out" | awk '/Non-2xx/{print $NF}')
  awk -v sc="$scenario" -v n="$requests" -v r="$rate" -v b="${bad:-0}" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v a=$((a1 - a0)) -v t="$SECONDS_EACH" \
    'BEGIN { printf "%-9s %10.0f %8d %14.3f %14.3f %7.2fc\n", sc, r, b, s * 10 / n, p * 10 / n, (a - s - p) / 100 / t }'
done
# The service's peak resident memory over the whole run (the bench's phase f measures it under its write load).
awk '/VmHWM/{printf "peak RSS  %d MiB\n", $2 / 1024}' "/proc/$SERVICE/status"
