#!/usr/bin/env bash
# The scale-out story on one machine: two service processes on one PostgreSQL database, a write load spread over both,
# then `kill -9` of the node that runs the background work, and later a crash and restart of the survivor.
#
#   scripts/failover.sh            (KAM_FAILOVER_WORKERS=4, KAM_FAILOVER_SECONDS=24 of load, the kill after a third of it)
#
# Measures, from the kill (and, for the restart, from the restarted node answering):
#   leader / durability agent   Wolverine's leader and its durability agent (scheduled due checks, inbox recovery) on a live node
#   async daemon                Marten's async daemon (HotCold: the node holding its lock runs the account view checkpoints)
#                               started on a live node (from its log); and an event written after the kill projected
#   due check                   due checks whose time has come (made due with SQL) handled by a live node
# and checks: every request the survivor got answered 2xx; every acknowledged write is stored once (retries of a write
# that was in flight at the kill carry the same Idempotency-Key); no event was projected twice or skipped (each account's
# checkpoint tip counts exactly the account's events). Fails when a check fails, when the takeover (leader, durability
# agent, daemon) takes longer than 15 s after a crash or 5 s after the restarted node answers, or a due check waits over
# 30 s. The first due check a node runs also waits for Wolverine to generate its handler's code (dynamic code generation;
# the service starts that at once, see HandlerWarmup), which is reported apart: seconds on a busy machine.
# Database kam_failover (dropped and recreated on each run), ports ${KAM_FAILOVER_PORT:-5281} and the next one, 127.0.0.1 only.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORKERS="${KAM_FAILOVER_WORKERS:-4}"
SECONDS_OF_LOAD="${KAM_FAILOVER_SECONDS:-24}"
PORT_A="${KAM_FAILOVER_PORT:-5281}"
PORT_B=$((PORT_A + 1))
DATABASE=kam_failover
CRASH_LIMIT=15
RESTART_LIMIT=5
WORK="$KAM_LOCAL_DIR/failover"
DLL="$KAM_REPO_ROOT/src/Kam.EventStore/bin/Release/net10.0/Kam.EventStore.dll"

kam_dotnet_env
cd "$KAM_REPO_ROOT"
command -v jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; } || kam_die "jq is needed (apt-get install -y jq)"
kam_ensure_db || kam_die "could not start the local PostgreSQL (or set ConnectionStrings__Marten)"
rm -rf "$WORK" && mkdir -p "$WORK"

field() { printf '%s' "$ConnectionStrings__Marten" | tr ';' '\n' | sed -n "s/^$1=//Ip" | head -n 1; }
PGHOST="$(field Host)"; PGPORT="$(field Port)"; PGUSER="$(field Username)"; PGPASSWORD="$(field Password)"
export PGHOST PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGPASSWORD
sql() { psql -X -q -At -d "$DATABASE" -c "$1"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { d = b - a; printf "%.1f", d < 0 ? 0 : d }'; }

echo "==> build (Release)"
dotnet build src/Kam.EventStore -c Release -v quiet -nologo >/dev/null
psql -X -q -d postgres -c "drop database if exists $DATABASE with (force)" -c "create database $DATABASE"

# A production-like configuration with a signing key of this run only.
KEY="failover-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
NODE_ENV=(ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Marten=Host=$PGHOST;Port=$PGPORT;Database=$DATABASE;Username=$PGUSER${PGPASSWORD:+;Password=$PGPASSWORD}"
  Auth__Issuer=kam-failover Auth__Audience=kam-eventstore "Auth__SigningKey=$KEY"
  RateLimit__PermitLimit=100000000 Logging__Console__FormatterName=simple Logging__LogLevel__Wolverine=Information
  Logging__LogLevel__Wolverine.Runtime.Agents=Debug Logging__LogLevel__Marten.Events.Daemon.Coordination=Information Logging__LogLevel__Wolverine.Runtime.Handlers=Debug
  "Logging__Console__FormatterOptions__TimestampFormat=HH:mm:ss.fff ")

# Production applies the schema at deployment, never on start: do what a deployment does, once, before the nodes start.
echo "==> db-apply"
(cd "$(dirname "$DLL")" && env "${NODE_ENV[@]}" dotnet "$DLL" db-apply >"$WORK/db-apply.log" 2>&1) \
  || kam_die "db-apply failed (see $WORK/db-apply.log)"

declare -A PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  jobs -p | xargs -r kill -9 2>/dev/null || true
}
trap cleanup EXIT

start_node() { # name port; from the build output (its appsettings.json), exec'd so that kill -9 of the pid kills the service
  (cd "$(dirname "$DLL")" && exec env "${NODE_ENV[@]}" dotnet "$DLL" --urls "http://127.0.0.1:$2" >>"$WORK/node-$1.log" 2>&1 </dev/null) &
  PIDS[$1]=$!
}
crash() { # name: kill -9, and reap it so that its port is free
  kill -9 "${PIDS[$1]}"
  wait "${PIDS[$1]}" 2>/dev/null || true
  unset "PIDS[$1]"
}
wait_live() { # port; prints seconds waited
  local start i
  start="$(now)"
  for i in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health/live" && { since "$start" "$(now)"; return 0; }
    sleep 0.1
  done
  kam_die "the node on port $1 did not start (see $WORK)"
}

TOKEN="$(env "${NODE_ENV[@]}" dotnet "$DLL" token --user failover-load --role admin,approver 2>/dev/null \
  | grep -E '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' | tail -n 1)"
[ -n "$TOKEN" ] || kam_die "could not issue a token"
api() { # method port path [json] -> body on stdout; status in $WORK/status
  curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "http://127.0.0.1:$2$3" >"$WORK/status" || true
  cat "$WORK/body"
}
must() { # expected-status method port path [json]
  local body
  body="$(api "$2" "$3" "$4" "${5:-}")"
  [ "$(cat "$WORK/status")" = "$1" ] || kam_die "$2 $4 answered $(cat "$WORK/status"): $body"
  printf '%s' "$body"
}

echo "==> node A on :$PORT_A"
start_node A "$PORT_A"
wait_live "$PORT_A" >/dev/null
for _ in $(seq 1 100); do
  [ -n "$(sql "select node_id from wolverine_node_assignments where id like 'wolverinedb://%'")" ] && break
  sleep 0.1
done
NODE_A="$(sql "select id from wolverine_nodes")"
echo "==> node B on :$PORT_B"
start_node B "$PORT_B"
wait_live "$PORT_B" >/dev/null
for _ in $(seq 1 100); do
  NODE_B="$(sql "select id from wolverine_nodes where id <> '$NODE_A'")"
  [ -n "$NODE_B" ] && break
  sleep 0.1
done

TODAY="$(date -u +%F)"
echo "    nodes: A $NODE_A, B $NODE_B"
echo "==> seed: people, accounts (one per load worker), a commitment due today (its check is scheduled for tomorrow)"
must 201 POST "$PORT_A" /api/people '{"personId":"anna@example.com","name":"Anna","title":"KAM","orgUnit":"Sales","seniority":"Senior"}' >/dev/null
must 200 POST "$PORT_A" /api/people/anna@example.com/authority-grants \
  '{"effectiveFrom":"2026-01-01","maxCommitmentValues":[{"amount":50000,"currency":"EUR"}],"maxDiscountPercent":10,"commitmentKinds":["InformationOrFollowUp"],"reason":"KAM"}' >/dev/null
designate() { # name port -> account id
  must 201 POST "$2" /api/accounts "{\"name\":\"$1\",\"registryId\":\"FI-$1-$RANDOM$RANDOM\",\"segment\":\"Paper\",\"tier\":\"Key\",\"criteriaMet\":[\"Revenue\"],\"designatedOn\":\"2026-01-15\",\"revenueBudget\":{\"amount\":1000000,\"currency\":\"EUR\"}}" | jq -r .accountId
}
promise() { # account port
  local stakeholder
  stakeholder="$(must 201 POST "$2" "/api/accounts/$1/stakeholders" '{"name":"Maria Korhonen","title":"CFO","department":"Finance","level":"Executive","buyingRole":"DecisionMaker","stance":"Neutral","effectiveOn":"2026-01-20"}' | jq -r .stakeholderId)"
  must 201 POST "$2" "/api/accounts/$1/commitments" "{\"madeBy\":\"anna@example.com\",\"madeTo\":[\"$stakeholder\"],\"kind\":\"InformationOrFollowUp\",\"description\":\"Send the 2027 price list\",\"dueOn\":\"$TODAY\"}" >/dev/null
}
PROBE="$(designate Probe "$PORT_A")"
promise "$PROBE" "$PORT_A"
# Each node has compiled and run the write the load sends before the load starts.
must 200 POST "$PORT_B" "/api/accounts/$PROBE/status-changes" '{"status":"AtRisk","reason":"warm-up"}' >/dev/null
must 200 POST "$PORT_A" "/api/accounts/$PROBE/status-changes" '{"status":"Active","reason":"warm-up"}' >/dev/null
ACCOUNTS=()
for w in $(seq 1 "$WORKERS"); do ACCOUNTS+=("$(designate "Load$w" "$PORT_A")"); done

# One load worker: sequential status changes on its own account, alternating between the nodes; a request that cannot reach
# a node is sent again, with the same Idempotency-Key, to the other one. Logs "time port status key" per attempt.
worker() { # n account until
  local n=$1 account=$2 until=$3 i=0 ports=("$PORT_A" "$PORT_B") status port code
  while awk -v u="$until" -v t="$(now)" 'BEGIN { exit !(t < u) }'; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then status=Active; else status=AtRisk; fi
    for attempt in 0 1 2 3; do
      port="${ports[$(((i + attempt) % 2))]}"
      code="$(curl -s -o /dev/null -w '%{http_code}' -m 30 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: w$n-$i" --data "{\"status\":\"$status\",\"reason\":\"load $i\"}" \
        "http://127.0.0.1:$port/api/accounts/$account/status-changes" || true)"
      echo "$(now) $port $code w$n-$i" >>"$WORK/load-$n.log"
      [ "$code" != "000" ] && break
    done
  done
}

echo "==> load: $WORKERS workers for $SECONDS_OF_LOAD s over both nodes"
LOAD_START="$(now)"
LOAD_END="$(awk -v s="$LOAD_START" -v d="$SECONDS_OF_LOAD" 'BEGIN { printf "%.3f", s + d }')"
WORKER_PIDS=()
for w in $(seq 1 "$WORKERS"); do
  worker "$w" "${ACCOUNTS[$((w - 1))]}" "$LOAD_END" &
  WORKER_PIDS+=($!)
done
sleep "$((SECONDS_OF_LOAD / 3))"

# Kill the node that runs the background work (the first node to start holds the leadership, the durability agent and
# the daemon's lock); if Wolverine moved the durability agent to B, kill B instead and keep the names straight.
AGENT_NODE="$(sql "select node_id from wolverine_node_assignments where id like 'wolverinedb://%'")"
if [ "$AGENT_NODE" = "$NODE_B" ]; then
  VICTIM=B; VICTIM_ID="$NODE_B"; SURVIVOR_PORT="$PORT_A"; SURVIVOR_ID="$NODE_A"
else
  VICTIM=A; VICTIM_ID="$NODE_A"; SURVIVOR_PORT="$PORT_B"; SURVIVOR_ID="$NODE_B"
fi

# When a node's log (timestamps HH:mm:ss.fff, UTC) first says something after line N: epoch seconds, or nothing.
log_time() { # log from-line text
  local stamp
  stamp="$(tail -n +"$2" "$1" | grep -B1 -m1 -F -- "$3" | head -n 1 | cut -c1-12)"
  [ -n "$stamp" ] && date -u -d "$(date -u +%F) $stamp" +%s.%N
}

measure() { # start-time victim-id survivor-id(or 'new') probe-port survivor-log log-line-at-kill
  # Prints the takeover times; sets TAKEOVER_MAX.
  local start=$1 victim=$2 survivor=$3 port=$4 log=$5 from=$6 target="" scheduled t agent="" leader="" daemon="" projected="" handled="" owner
  local committed="" started
  scheduled="$(sql "update wolverine_incoming_envelopes set execution_time = now() where status = 'Scheduled' returning id" | wc -l)"
  # An event written after the crash, for the daemon to project; written aside, so the watch starts at once.
  rm -f "$WORK/target"
  (for status in AtRisk Active; do
     curl -s -o /dev/null -m 60 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
       --data "{\"status\":\"$status\",\"reason\":\"after the crash\"}" "http://127.0.0.1:$port/api/accounts/$PROBE/status-changes"
   done
   echo "$(sql "select max(seq_id) from mt_events") $(now)" >"$WORK/target.tmp" && mv "$WORK/target.tmp" "$WORK/target") &
  local deadline
  deadline="$(awk -v s="$start" 'BEGIN { printf "%.3f", s + 60 }')"
  while awk -v d="$deadline" -v t="$(now)" 'BEGIN { exit !(t < d) }'; do
    t="$(now)"
    owner="$(sql "select node_id from wolverine_node_assignments where id like 'wolverinedb://%'")"
    if [ -z "$agent" ] && [ -n "$owner" ] && [ "$owner" != "$victim" ] && { [ "$survivor" = new ] || [ "$owner" = "$survivor" ]; }; then agent="$(since "$start" "$t")"; fi
    owner="$(sql "select node_id from wolverine_node_assignments where id = 'wolverine://leader/'")"
    if [ -z "$leader" ] && [ -n "$owner" ] && [ "$owner" != "$victim" ]; then leader="$(since "$start" "$t")"; fi
    [ -z "$target" ] && [ -f "$WORK/target" ] && read -r target committed <"$WORK/target"
    if [ -z "$projected" ] && [ -n "$target" ] && [ "$(sql "select coalesce(min(last_seq_id), 0) >= $target from mt_event_progression where name like 'AccountViewCheckpoint%'")" = t ]; then projected="$(since "$committed" "$t")"; fi
    if [ -z "$daemon" ] && started="$(log_time "$log" "$from" "Started projection agent AccountViewCheckpoints")"; then daemon="$(since "$start" "$started")"; fi
    if [ -z "$handled" ] && [ "$(sql "select count(*) from wolverine_incoming_envelopes where status in ('Scheduled', 'Incoming')")" = 0 ]; then handled="$(since "$start" "$t")"; fi
    [ -n "$agent" ] && [ -n "$leader" ] && [ -n "$daemon" ] && [ -n "$projected" ] && [ -n "$handled" ] && break
    sleep 0.2
  done
  printf '    leader %ss, durability agent %ss, async daemon %ss, %s scheduled check(s) handled %ss; an event written after the crash projected %ss after its commit\n' \
    "${leader:-never}" "${agent:-never}" "${daemon:-never}" "$scheduled" "${handled:-never}" "${projected:-never}"
  TAKEOVER_MAX="$(printf '%s\n' "${leader:-999}" "${agent:-999}" "${daemon:-999}" | sort -g | tail -n 1)"
  DUE_CHECK="${handled:-999}"
  [ -n "$projected" ] || TAKEOVER_MAX=999
}

SURVIVOR=$([ "$VICTIM" = A ] && echo B || echo A)
FROM="$(wc -l <"$WORK/node-$SURVIVOR.log")"
KILLED_AT="$(now)"
crash "$VICTIM"
echo "==> kill -9 node $VICTIM (the leader, durability agent and daemon lock); taking over:"
measure "$KILLED_AT" "$VICTIM_ID" "$SURVIVOR_ID" "$SURVIVOR_PORT" "$WORK/node-$SURVIVOR.log" "$FROM"
CRASH_TAKEOVER="$TAKEOVER_MAX"
CRASH_DUE="$DUE_CHECK"
wait "${WORKER_PIDS[@]}"

echo "==> load results"
cat "$WORK"/load-*.log >"$WORK/load.log"
VICTIM_PORT=$([ "$VICTIM" = A ] && echo "$PORT_A" || echo "$PORT_B")
LOAD_REPORT="$(awk -v k="$KILLED_AT" -v s="$LOAD_START" -v e="$LOAD_END" -v sp="$SURVIVOR_PORT" -v vp="$VICTIM_PORT" '
  { if ($1 < k) { before++; if ($3 ~ /^2/) okb++ } else { after++; if ($3 ~ /^2/) oka++ }
    if ($1 >= k && $2 == sp) { survivor++; if ($3 !~ /^2/) survivor_bad++ }
    if ($3 == "000") refused++ }
  END { printf "before the kill %d requests (%.0f/s), after it %d (%.0f/s); the survivor answered %d requests after the kill, %d of them not 2xx; %d attempts could not connect and were retried on the other node\n",
        before, okb / (k - s), after, oka / (e - k), survivor, survivor_bad, refused }' "$WORK/load.log")"
echo "    $LOAD_REPORT"
SURVIVOR_BAD="$(awk -v k="$KILLED_AT" -v sp="$SURVIVOR_PORT" '$1 >= k && $2 == sp && $3 !~ /^2/' "$WORK/load.log" | wc -l)"
# Each logical write (an Idempotency-Key) ends acknowledged once; the account then has exactly that many status changes.
MISMATCH=0
for w in $(seq 1 "$WORKERS"); do
  acknowledged="$(awk '$3 ~ /^2/ { print $4 }' "$WORK/load-$w.log" | sort -u | wc -l)"
  stored="$(sql "select count(*) from mt_events where stream_id = '${ACCOUNTS[$((w - 1))]}' and type = 'AccountStatusChanged'")"
  [ "$acknowledged" = "$stored" ] || { MISMATCH=1; echo "    worker $w: $acknowledged acknowledged writes but $stored stored"; }
done
[ "$MISMATCH" = 0 ] && echo "    every acknowledged write is stored exactly once"

echo "==> crash and restart of the survivor (the only node)"
promise "$PROBE" "$SURVIVOR_PORT"
FROM="$(wc -l <"$WORK/node-$SURVIVOR.log")"
KILLED_AT="$(now)"
crash "$SURVIVOR"
start_node "$SURVIVOR" "$SURVIVOR_PORT"
STARTUP="$(wait_live "$SURVIVOR_PORT")"
READY_AT="$(now)"
echo "    restarted node answering ${STARTUP}s after the kill; from then:"
measure "$READY_AT" "$SURVIVOR_ID" new "$SURVIVOR_PORT" "$WORK/node-$SURVIVOR.log" "$FROM"
RESTART_TAKEOVER="$TAKEOVER_MAX"
RESTART_DUE="$DUE_CHECK"

echo "==> no event projected twice (or skipped): each account's checkpoint tip counts exactly its events"
for _ in $(seq 1 100); do
  [ "$(sql "select coalesce(min(last_seq_id), 0) >= (select max(seq_id) from mt_events) from mt_event_progression where name like 'AccountViewCheckpoint%'")" = t ] && break
  sleep 0.2
done
WRONG_TIPS="$(sql "
  select count(*) from mt_doc_accountviewcheckpoint c
  where c.id like '%/tip' and (c.data -> 'View' ->> 'EventCount')::int <>
    (select count(*) from mt_events e where e.data ->> 'AccountId' = c.data ->> 'AccountId')")"
TIPS="$(sql "select count(*) from mt_doc_accountviewcheckpoint where id like '%/tip'")"
echo "    $TIPS account tips, $WRONG_TIPS with a count that differs from the account's events"

echo
echo "failover: crash takeover ${CRASH_TAKEOVER}s (limit ${CRASH_LIMIT}s), first due check run ${CRASH_DUE}s;" \
  "restart takeover ${RESTART_TAKEOVER}s after the node answered (limit ${RESTART_LIMIT}s), first due check run ${RESTART_DUE}s;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); $LOAD_REPORT"
FAILED=0
awk -v t="$CRASH_TAKEOVER" -v l="$CRASH_LIMIT" 'BEGIN { exit !(t > l) }' && { echo "FAILED: crash takeover over ${CRASH_LIMIT}s"; FAILED=1; }
awk -v t="$RESTART_TAKEOVER" -v l="$RESTART_LIMIT" 'BEGIN { exit !(t > l) }' && { echo "FAILED: restart takeover over ${RESTART_LIMIT}s"; FAILED=1; }
awk -v a="$CRASH_DUE" -v b="$RESTART_DUE" 'BEGIN { exit !(a > 30 || b > 30) }' && { echo "FAILED: a due check waited over 30s"; FAILED=1; }
[ "$SURVIVOR_BAD" = 0 ] || { echo "FAILED: the survivor refused $SURVIVOR_BAD requests"; FAILED=1; }
[ "$MISMATCH" = 0 ] || { echo "FAILED: acknowledged writes and stored events differ"; FAILED=1; }
[ "$WRONG_TIPS" = 0 ] && [ "$TIPS" -gt 0 ] || { echo "FAILED: checkpoint tips disagree with the events"; FAILED=1; }
[ "$FAILED" = 0 ] && psql -X -q -d postgres -c "drop database if exists $DATABASE with (force)"
echo "logs: $WORK"
exit "$FAILED"
