#!/usr/bin/env bash
# Crash safety: kill -9 the Host in the middle of a stream of redemptions, restart it, and check that every
# redemption that got a success answer is stored, nothing is half-written, the Host is healthy again and a Hangfire
# job enqueued before the crash (the auto-checkin of a POS cash sale) is done after it.
# Needs the Release build (scripts/test.sh builds it) and the throwaway PostgreSQL (scripts/start-postgres.sh).
# Loopback only; every loop is bounded. Prints "crash-test: passed" or "crash-test: failed: <why>"; exit code follows.
set -uo pipefail
cd "$(dirname "$0")/.."

# jq and curl come from Debian's packages; a fresh machine may lack them (psql comes with start-postgres.sh's postgresql).
for tool in jq curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null) >&2
    else
      (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null) >&2
    fi
  fi
done

dll=src/Host/bin/Release/net10.0/EventOps.Host.dll
port=${EVENTOPS_CRASH_PORT:-55480}
base="http://127.0.0.1:$port"
token="eo_crash_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d)
host_pid=""
stream_pid=""

fail() {
  echo "crash-test: failed: $*"
  [ -f "$work/host.log" ] && tail -n 20 "$work/host.log" | sed 's/^/  host: /'
  cleanup
  exit 1
}

cleanup() {
  [ -n "$stream_pid" ] && kill "$stream_pid" 2>/dev/null
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  if [ -n "${db:-}" ] && [ -z "${EVENTOPS_CRASH_KEEP:-}" ]; then
    psql_server -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  fi
  rm -rf "$work"
}

[ -f "$dll" ] || dotnet build src/Host -c Release -nologo -v q >/dev/null || fail "could not build the Host"
server=${EVENTOPS_TEST_POSTGRES:-$(scripts/start-postgres.sh)} || fail "no PostgreSQL"
pg_host=$(echo "$server" | sed -n 's/.*Host=\([^;]*\).*/\1/p')
pg_port=$(echo "$server" | sed -n 's/.*Port=\([^;]*\).*/\1/p')
pg_user=$(echo "$server" | sed -n 's/.*Username=\([^;]*\).*/\1/p')
psql_server() { PGCONNECT_TIMEOUT=5 psql -h "${pg_host:-127.0.0.1}" -p "${pg_port:-55432}" -U "${pg_user:-postgres}" -d postgres -v ON_ERROR_STOP=1 "$@"; }
db="eventops_crash_$(date +%s)_$$"
psql_server -qc "CREATE DATABASE $db" >/dev/null || fail "could not create the database"
sql() { PGCONNECT_TIMEOUT=5 psql -h "${pg_host:-127.0.0.1}" -p "${pg_port:-55432}" -U "${pg_user:-postgres}" -d "$db" -v ON_ERROR_STOP=1 -tAc "$1"; }
connection="Host=${pg_host:-127.0.0.1};Port=${pg_port:-55432};Username=${pg_user:-postgres};Database=$db"

start_host() {
  Database__Provider=Postgres ConnectionStrings__EventOps="$connection" \
    Demo__Seed=true Demo__SalesPerEvent=2 Demo__ApiToken="$token" Demo__AdminPassword="Crash-Test-Password-1" \
    Hangfire__Server=true Hangfire__InvisibilityTimeoutSeconds=10 RateLimits__FailedAuthPerWindow=1000000 \
    ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" Logging__LogLevel__Default=Warning \
    dotnet "$dll" >>"$work/host.log" 2>&1 &
  host_pid=$!
}

wait_healthy() { # prints the milliseconds it took
  local started now
  started=$(date +%s%N)
  for _ in $(seq 1 300); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health")" = 200 ]; then
      now=$(date +%s%N)
      echo $(((now - started) / 1000000))
      return 0
    fi
    kill -0 "$host_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

api() { # method path [json]
  curl -s --max-time 10 -X "$1" -H "Authorization: Token $token" -H 'Content-Type: application/json' ${3:+--data "$3"} "$base$2"
}

start_host
first_start=$(wait_healthy) || fail "the Host did not become healthy"
ev=/api/v1/organizers/demo/events/demo-conf
item=$(api GET "$ev/items/" | jq -r '[.results[] | select(.admission)][0].id')
[ -n "$item" ] && [ "$item" != null ] || fail "no admission product in the demo event"
pos_list=$(api POST "$ev/checkinlists/" '{"name":"POS","auto_checkin_sales_channels":["pos"]}' | jq -r .id)
[ "$pos_list" != null ] || fail "could not create the POS list"

# 300 paid tickets in 6 orders of 50, their public ids in a file the stream reads.
positions=$(jq -cn --argjson item "$item" '[range(50) | {item: $item, attendee_name: "Crash Test"}]')
for _ in $(seq 1 6); do
  api POST "$ev/orders/" "{\"email\":\"crash@example.com\",\"name\":\"Crash\",\"sales_channel\":\"web\",\"payment_provider\":\"cash\",\"positions\":$positions}" \
    | jq -r '.positions[].public_id' >>"$work/tickets"
done
[ "$(wc -l <"$work/tickets")" -eq 300 ] || fail "could not create the tickets"

# The stream: one redemption after another over keep-alive-free curl calls; each answer appended as "<public_id> <status>".
(
  while read -r id; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data '{}' \
      "$base/scanner/events/demo-conf/tickets/$id/redemption")
    echo "$id $code" >>"$work/answers"
  done <"$work/tickets"
) &
stream_pid=$!

# Mid-stream: once 80 redemptions are acknowledged, a POS cash sale (its auto-checkin goes to Hangfire), then kill -9.
for _ in $(seq 1 600); do
  [ "$(grep -c ' 200$' "$work/answers" 2>/dev/null || echo 0)" -ge 80 ] && break
  sleep 0.05
done
# The POS sale goes out while the stream runs; the kill comes the moment its auto-checkin job is in Hangfire's storage,
# so the job is (almost always) still queued or running when the Host dies.
# The demo seed's own POS sales (the demo series) enqueue auto-checkins too: only a job made after this point is ours.
jobs_before=$(sql "SELECT coalesce(max(id), 0) FROM hangfire.job")
api POST "$ev/orders/" "{\"email\":\"pos@example.com\",\"name\":\"Walk-in\",\"sales_channel\":\"pos\",\"payment_provider\":\"cash\",\"positions\":[{\"item\":$item}]}" >"$work/pos" &
pos_job=""
for _ in $(seq 1 1000); do
  pos_job=$(sql "SELECT arguments FROM hangfire.job WHERE id > ${jobs_before:-0} AND invocationdata->>'Type' LIKE '%.AutoCheckinJob,%' ORDER BY id LIMIT 1" 2>/dev/null)
  [ -n "$pos_job" ] && break
  sleep 0.01
done
kill -9 "$host_pid"
wait "$host_pid" 2>/dev/null
host_pid=""
# The stream's calls after the kill find no server (000); it is stopped, not waited out.
kill "$stream_pid" 2>/dev/null
wait "$stream_pid" 2>/dev/null
stream_pid=""

[ -n "$pos_job" ] || fail "the POS sale's auto-checkin was never enqueued"
pos_sale=$(echo "$pos_job" | jq -r '.[2]')
pos_ticket=$(sql "SELECT id FROM sales.tickets WHERE sale_id = $pos_sale")
[ -n "$pos_ticket" ] || fail "the POS sale $pos_sale has no ticket"
acked=$(grep -c ' 200$' "$work/answers")
answered=$(grep -vc ' 000$' "$work/answers")
done_before=$(sql "SELECT count(*) FROM checkin.checkins WHERE ticket_id = $pos_ticket AND list_id = $pos_list AND successful AND auto_checked_in")
[ "$acked" -ge 80 ] || fail "only $acked redemptions acknowledged before the kill"
[ "$answered" -lt 300 ] || fail "the stream finished before the kill; nothing was in flight"

# Every acknowledged redemption is stored, once; nothing is half-written.
grep ' 200$' "$work/answers" | cut -d' ' -f1 | sed "s/.*/'&'/" | paste -sd, >"$work/acked"
found=$(sql "SELECT count(DISTINCT t.public_id) FROM sales.tickets t JOIN checkin.checkins c ON c.ticket_id = t.id AND c.successful AND NOT c.reverted WHERE t.public_id IN ($(cat "$work/acked"))")
doubles=$(sql "SELECT count(*) FROM (SELECT list_id, ticket_id FROM checkin.checkins WHERE successful AND NOT reverted AND type = 'entry' GROUP BY list_id, ticket_id HAVING count(*) > 1) d")
orphans=$(sql "SELECT count(*) FROM checkin.checkins c WHERE c.ticket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sales.tickets t WHERE t.id = c.ticket_id)")
empty_sales=$(sql "SELECT count(*) FROM sales.sales s WHERE NOT EXISTS (SELECT 1 FROM sales.tickets t WHERE t.sale_id = s.id)")
[ "$found" = "$acked" ] || fail "$acked redemptions acknowledged, $found stored"
[ "$doubles" = 0 ] || fail "$doubles tickets admitted twice"
[ "$orphans" = 0 ] || fail "$orphans check-ins of no ticket"
[ "$empty_sales" = 0 ] || fail "$empty_sales sales without tickets"

start_host
restart_ms=$(wait_healthy) || fail "the Host did not restart healthy"

# An acknowledged ticket stays used through the API after the restart.
again=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data '{}' \
  "$base/scanner/events/demo-conf/tickets/$(grep ' 200$' "$work/answers" | head -n 1 | cut -d' ' -f1)/redemption")
[ "$again" = 422 ] || fail "an acknowledged ticket redeemed again after the restart answered $again"

# The auto-checkin enqueued before the kill runs after the restart (Hangfire polls its queue; the minutely sweep is the backstop).
resumed=""
started=$(date +%s)
for _ in $(seq 1 ${EVENTOPS_CRASH_POLLS:-150}); do
  if [ "$(sql "SELECT count(*) FROM checkin.checkins WHERE ticket_id = $pos_ticket AND list_id = $pos_list AND successful AND auto_checked_in")" = 1 ]; then
    resumed=$(($(date +%s) - started))
    break
  fi
  sleep 0.5
done
[ -n "$resumed" ] || fail "the auto-checkin enqueued before the crash was not done within 75 s of the restart"

echo "crash-test: $answered redemptions answered before kill -9, $acked acknowledged, $found of them stored after; no double or orphan rows;" \
  "first start ${first_start} ms, restart to healthy ${restart_ms} ms; auto-checkin $([ "$done_before" = 1 ] && echo 'already done before the kill' || echo "pending at the kill, done ${resumed} s after the restart")"
cleanup
echo "crash-test: passed"
