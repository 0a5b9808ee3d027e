#!/usr/bin/env bash
# Database outage: one Host on PostgreSQL under a steady stream of redemptions from four clients; the cluster is stopped
# for 10 s and started again, the Host is not restarted. Checks, and prints as figures:
#   while down: every request answered within 3 s, redemptions 503 with problem details, the admin a friendly 503 page,
#               /health not 200;
#   after:      /health 200 within 10 s of the cluster's start, redemptions succeed again, no 500 at any time, every
#               acknowledged (2xx) redemption stored, and a Hangfire job enqueued as the cluster stopped runs after.
# Runs its OWN throwaway cluster (EVENTOPS_PG_DIR / EVENTOPS_PG_PORT on another folder and a free port), never the
# shared one on 55432. Needs the Release build (scripts/test.sh builds it). Loopback only; every loop is bounded.
# Prints "db-outage-test: passed" or "db-outage-test: failed: <why>"; the exit code follows.
set -uo pipefail
cd "$(dirname "$0")/.."

for tool in jq curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null) >&2
    else
      (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null) >&2
    fi
  fi
done

free_port() { # a loopback port nobody listens on, from a range
  local port
  for _ in $(seq 1 50); do
    port=$(( $1 + RANDOM % 900 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

dll=src/Host/bin/Release/net10.0/EventOps.Host.dll
pg_port=${EVENTOPS_OUTAGE_PG_PORT:-$(free_port 56100)}
pg_dir=${EVENTOPS_OUTAGE_PG_DIR:-/tmp/eventops-outage-pg-$pg_port}
port=${EVENTOPS_OUTAGE_PORT:-$(free_port 57100)}
base="http://127.0.0.1:$port"
token="eo_outage_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
password="Outage-Test-Password-1"
clients=4
down_seconds=${EVENTOPS_OUTAGE_SECONDS:-10}
work=$(mktemp -d)
host_pid=""
client_pids=()

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  touch "$work/stop"
  for pid in "${client_pids[@]}"; do kill "$pid" 2>/dev/null; done
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  if [ -n "${bindir:-}" ] && [ -f "$pg_dir/PG_VERSION" ]; then
    as_owner "$bindir/pg_ctl" -D "$pg_dir" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
  fi
  rm -rf "$work"
}

fail() {
  echo "db-outage-test: failed: $*"
  [ -f "$work/host.log" ] && tail -n 20 "$work/host.log" | sed 's/^/  host: /'
  cleanup
  exit 1
}

[ "$pg_port" != 55432 ] || fail "refusing to use the shared cluster's port 55432"
[ -f "$dll" ] || dotnet build src/Host -c Release -nologo -v q >/dev/null || fail "could not build the Host"
server=$(EVENTOPS_PG_DIR="$pg_dir" EVENTOPS_PG_PORT="$pg_port" scripts/start-postgres.sh) || fail "could not start the outage cluster"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
sql() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$pg_port" -U postgres -d eventops -v ON_ERROR_STOP=1 -tAc "$1"; }
PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc "CREATE DATABASE eventops" >/dev/null || fail "could not create the database"
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=eventops"

Database__Provider=Postgres ConnectionStrings__EventOps="$connection" \
  Demo__Seed=true Demo__SalesPerEvent=2 Demo__ApiToken="$token" Demo__AdminPassword="$password" \
  Hangfire__Server=true Hangfire__InvisibilityTimeoutSeconds=10 RateLimits__FailedAuthPerWindow=1000000 \
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" Logging__LogLevel__Default=Warning \
  dotnet "$dll" >>"$work/host.log" 2>&1 &
host_pid=$!

health() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$base/health"; }
for _ in $(seq 1 300); do
  [ "$(health)" = 200 ] && break
  kill -0 "$host_pid" 2>/dev/null || fail "the Host exited during start-up"
  sleep 0.2
done
[ "$(health)" = 200 ] || fail "the Host did not become healthy"

api() { curl -s --max-time 10 -X "$1" -H "Authorization: Token $token" -H 'Content-Type: application/json' ${3:+--data "$3"} "$base$2"; }
ev=/api/v1/organizers/demo/events/demo-conf
item=$(api GET "$ev/items/" | jq -r '[.results[] | select(.admission)][0].id')
[ -n "$item" ] && [ "$item" != null ] || fail "no admission product in the demo event"
pos_list=$(api POST "$ev/checkinlists/" '{"name":"POS","auto_checkin_sales_channels":["pos"]}' | jq -r .id)
[ "$pos_list" != null ] || fail "could not create the POS list"
positions=$(jq -cn --argjson item "$item" '[range(50) | {item: $item, attendee_name: "Outage Test"}]')
for _ in $(seq 1 24); do
  api POST "$ev/orders/" "{\"email\":\"outage@example.com\",\"name\":\"Outage\",\"sales_channel\":\"web\",\"payment_provider\":\"cash\",\"positions\":$positions}" \
    | jq -r '.positions[].public_id' >>"$work/tickets"
done
[ "$(wc -l <"$work/tickets")" -eq 1200 ] || fail "could not create the tickets"
split -n "l/$clients" -d "$work/tickets" "$work/slice."

# Staff logged in before the outage, to see what the admin shows during it.
curl -s -c "$work/cookies" -b "$work/cookies" "$base/Account/Login" >"$work/login.html"
antiforgery=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
login=$(curl -s -o /dev/null -w '%{http_code}' -c "$work/cookies" -b "$work/cookies" --data-urlencode "Email=admin@example.com" \
  --data-urlencode "Password=$password" --data-urlencode "__RequestVerificationToken=$antiforgery" "$base/Account/Login")
[ "$login" = 302 ] || fail "admin login answered $login"

# Four clients: one redemption after another, each answer as "<start ms> <end ms> <status> <content type> <public id>".
for n in $(seq 0 $((clients - 1))); do
  (
    while read -r id; do
      [ -f "$work/stop" ] && break
      started=$(now_ms)
      answer=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' --max-time 10 -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data '{}' "$base/scanner/events/demo-conf/tickets/$id/redemption")
      type=${answer#* }
      echo "$started $(now_ms) ${answer%% *} ${type// /}- $id" >>"$work/answers.$n"
      sleep 0.05
    done <"$work/slice.0$n"
  ) &
  client_pids+=($!)
done

sleep 4
# A POS cash sale: its auto-checkin goes to Hangfire; the cluster stops the moment the job is in storage.
api POST "$ev/orders/" "{\"email\":\"pos@example.com\",\"name\":\"Walk-in\",\"sales_channel\":\"pos\",\"payment_provider\":\"cash\",\"positions\":[{\"item\":$item}]}" >"$work/pos" &
pos_job=""
for _ in $(seq 1 500); do
  pos_job=$(sql "SELECT j.arguments FROM hangfire.job j JOIN sales.sales s ON s.id::text = j.arguments::jsonb->>2 WHERE s.email = 'pos@example.com' AND j.invocationdata->>'Type' LIKE '%.AutoCheckinJob,%' LIMIT 1" 2>/dev/null)
  [ -n "$pos_job" ] && break
  sleep 0.01
done
[ -n "$pos_job" ] || fail "the POS sale's auto-checkin was never enqueued"
pos_sale=$(echo "$pos_job" | jq -r '.[2]')
pos_ticket=$(sql "SELECT id FROM sales.tickets WHERE sale_id = $pos_sale")
done_at_stop=$(sql "SELECT count(*) FROM checkin.checkins WHERE ticket_id = $pos_ticket AND list_id = $pos_list AND successful AND auto_checked_in")

stopped=$(now_ms)
as_owner "$bindir/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null || fail "could not stop the outage cluster"

# While down: /health and the admin, probed every half second.
health_ok_while_down=0; admin_bad=0; admin_probes=0
until [ $(( $(now_ms) - stopped )) -ge $((down_seconds * 1000)) ]; do
  [ "$(health)" = 200 ] && health_ok_while_down=$((health_ok_while_down + 1))
  admin=$(curl -s -o "$work/admin.html" -w '%{http_code}' --max-time 3 -b "$work/cookies" -H 'Accept: text/html' "$base/Sales/Dashboard")
  admin_probes=$((admin_probes + 1))
  if [ "$admin" != 503 ] || ! grep -q "Back in a moment" "$work/admin.html"; then admin_bad=$((admin_bad + 1)); fi
  sleep 0.5
done

restarted=$(now_ms)
as_owner "$bindir/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -t 60 start >/dev/null || fail "could not start the outage cluster again"
recovered=""
for _ in $(seq 1 200); do
  if [ "$(health)" = 200 ]; then recovered=$(now_ms); break; fi
  sleep 0.1
done
sleep 5
touch "$work/stop"
for pid in "${client_pids[@]}"; do wait "$pid" 2>/dev/null; done
client_pids=()
kill -0 "$host_pid" 2>/dev/null || fail "the Host exited during the outage"

cat "$work"/answers.* | sort -n >"$work/answers"
total=$(wc -l <"$work/answers")
acked=$(awk '$3 ~ /^2/' "$work/answers" | wc -l)
server_errors=$(awk '$3 ~ /^5/ && $3 != 503' "$work/answers" | wc -l)
no_answer=$(awk '$3 == "000"' "$work/answers" | wc -l)
unavailable=$(awk '$3 == 503' "$work/answers" | wc -l)
not_problem=$(awk '$3 == 503 && $4 !~ /problem\+json/' "$work/answers" | wc -l)
first_503=$(awk -v s="$stopped" '$3 == 503 && $2 >= s { print $2 - s; exit }' "$work/answers")
# Requests sent while the cluster was down (after the stop finished, before the start began).
worst_down=$(awk -v s="$stopped" -v r="$restarted" '$1 >= s && $1 < r { d = $2 - $1; if (d > m) m = d } END { print m + 0 }' "$work/answers")
down_requests=$(awk -v s="$stopped" -v r="$restarted" '$1 >= s && $1 < r' "$work/answers" | wc -l)
down_not_503=$(awk -v s="$stopped" -v r="$restarted" '$1 >= s + 1000 && $2 < r && $3 != 503' "$work/answers" | wc -l)
after_ok=$(awk -v r="${recovered:-0}" '$1 >= r && $3 ~ /^2/' "$work/answers" | wc -l)
after_failed=$(awk -v r="${recovered:-0}" '$1 >= r + 1000 && $3 !~ /^2/' "$work/answers" | wc -l)

awk '$3 ~ /^2/ { print "\x27" $5 "\x27" }' "$work/answers" | paste -sd, >"$work/acked"
stored=$( [ -s "$work/acked" ] && sql "SELECT count(DISTINCT t.public_id) FROM sales.tickets t JOIN checkin.checkins c ON c.ticket_id = t.id AND c.successful AND NOT c.reverted WHERE t.public_id IN ($(cat "$work/acked"))" || echo 0)

resumed=""
started_wait=$(date +%s)
for _ in $(seq 1 150); do
  if [ "$(sql "SELECT count(*) FROM checkin.checkins WHERE ticket_id = $pos_ticket AND list_id = $pos_list AND successful AND auto_checked_in")" = 1 ]; then
    resumed=$(($(date +%s) - started_wait)); break
  fi
  sleep 0.5
done

echo "db-outage-test: $total redemptions from $clients clients ($acked acknowledged, $unavailable answered 503, $server_errors other 5xx, $no_answer unanswered);" \
  "cluster down $(( restarted - stopped )) ms: first 503 ${first_503:-none} ms after the stop, $down_requests requests sent while down, worst latency ${worst_down} ms;" \
  "/health 200 $(( ${recovered:-$restarted} - restarted )) ms after the cluster's start ($health_ok_while_down probes 200 while down);" \
  "admin $((admin_probes - admin_bad))/$admin_probes friendly 503 pages; $after_ok redemptions acknowledged after recovery, $after_failed refused 1 s after it;" \
  "$acked acknowledged, $stored stored; auto-checkin $([ "$done_at_stop" = 1 ] && echo 'done before the stop' || echo "pending at the stop, done ${resumed:-never} s after the cluster's start")"

[ "$server_errors" = 0 ] || fail "$server_errors answers were 5xx other than 503"
[ "$no_answer" = 0 ] || fail "$no_answer requests got no answer within 10 s"
[ "$not_problem" = 0 ] || fail "$not_problem 503 answers were not problem details"
[ -n "$first_503" ] || fail "no 503 while the database was down"
[ "$down_requests" -gt 0 ] || fail "no request was sent while the database was down"
[ "$worst_down" -le 3000 ] || fail "a request while down took $worst_down ms (over 3 s)"
[ "$down_not_503" = 0 ] || fail "$down_not_503 requests while down were not 503"
[ "$health_ok_while_down" = 0 ] || fail "/health answered 200 while the database was down"
[ "$admin_bad" = 0 ] || fail "$admin_bad admin probes were not the friendly 503 page"
[ -n "$recovered" ] && [ $(( recovered - restarted )) -le 10000 ] || fail "/health not 200 within 10 s of the cluster's start"
[ "$after_ok" -gt 0 ] || fail "no redemption succeeded after recovery"
[ "$after_failed" = 0 ] || fail "$after_failed redemptions failed more than 1 s after recovery"
[ "$stored" = "$acked" ] || fail "$acked redemptions acknowledged, $stored stored"
[ -n "$resumed" ] || fail "the auto-checkin enqueued at the stop was not done within 75 s"
cleanup
echo "db-outage-test: passed"
