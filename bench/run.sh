#!/usr/bin/env bash
# The benchmarks, one command: bench/run.sh [--tickets 100000] [--per-run 3000] [--rate 1000]
# Loopback only, bounded in time (each step under `timeout`). Builds Release, starts the throwaway PostgreSQL
# (scripts/start-postgres.sh), a Host on a fresh database (Hangfire server on) with the demo organizer and the floor
# (bench/Floor: HTTP + JSON + one INSERT, the cheapest redeem this stack can serve) on the same database, seeds the
# tickets through the management API, measures the four redeem surfaces with 16 and 64 keep-alive clients, each right
# after the floor with the same client, and prints them side by side (req/s ratio, CPU per request of the server and
# of PostgreSQL), then the paced pretix run, the snapshot, offline sync and POS -> auto check-in (bench/EventOps.Bench),
# and finally cold start to healthy and the 10,000-sale demo seed on SQLite. Every figure carries the 1-minute load.
set -euo pipefail
cd "$(dirname "$0")/.."
pgbin=/usr/lib/postgresql/15/bin
port=${BENCH_PORT:-5190}
token="bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d)
load() { cut -d' ' -f1 /proc/loadavg; }
say() { echo "== $* [load $(load)]"; }
floor_port=$((port + 1))
host=""
floor=""
stop_host() { if [ -n "$host" ]; then kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; host=""; fi; }
stop_floor() { if [ -n "$floor" ]; then kill "$floor" 2>/dev/null || true; wait "$floor" 2>/dev/null || true; floor=""; fi; }
trap 'stop_host; stop_floor' EXIT
wait_healthy() { # prints seconds from $1 (epoch ns) to the first 200 on /health
  for _ in $(seq 1 1500); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
      echo "scale=2; ($(date +%s%N) - $1) / 1000000000" | bc; return 0
    fi
    sleep 0.02
  done
  echo "Host not healthy; log:" >&2; tail -30 "$work/host.log" >&2; return 1
}

say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/Mem:/ {print $2}') MiB"
# The Host is measured as it is deployed: published in Release with ReadyToRun code (precompiled, so start-up and
# warm-up JIT less; hot methods are still recompiled by tiered JIT). BENCH_NO_R2R=1 measures the plain build instead.
say "publish the Host (Release${BENCH_NO_R2R:+, no ReadyToRun}) and build the bench client"
if [ -n "${BENCH_NO_R2R:-}" ]; then
  timeout 600 dotnet build src/Host -c Release -nologo -v q >/dev/null
  dll=src/Host/bin/Release/net10.0/EventOps.Host.dll
else
  timeout 900 dotnet publish src/Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/host" -nologo -v q >/dev/null
  dll=$work/host/EventOps.Host.dll
fi
timeout 300 dotnet build bench/EventOps.Bench -c Release -nologo -v q >/dev/null
timeout 300 dotnet publish bench/Floor -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/floor" -nologo -v q >/dev/null

base=${EVENTOPS_TEST_POSTGRES:-$(scripts/start-postgres.sh)}
db="bench_$(date +%s)"
connection="$(echo "${base%;}" | sed -E "s/Database=[^;]*/Database=$db/")"
[[ "$connection" == *Database=* ]] || connection="$connection;Database=$db"
pghost=$(echo "$base" | sed -nE 's/.*Host=([^;]*).*/\1/p'); pgport=$(echo "$base" | sed -nE 's/.*Port=([^;]*).*/\1/p')
pguser=$(echo "$base" | sed -nE 's/.*Username=([^;]*).*/\1/p')
psql() { "$pgbin/psql" -h "$pghost" -p "$pgport" -U "$pguser" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql -d postgres -c "CREATE DATABASE $db"
# PostgreSQL's CPU is read from /proc: the postmaster (first line of its pid file) and its children.
postmaster=$(head -1 "$(psql -d postgres -c 'SHOW data_directory')/postmaster.pid")

say "Host on PostgreSQL database $db (Release, Hangfire server on), port $port"
start=$(date +%s%N)
env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Https__Required=false \
  Database__Provider=Postgres ConnectionStrings__EventOps="$connection" Hangfire__Server=true \
  Demo__Seed=true Demo__SalesPerEvent=4 Demo__ApiToken="$token" Demo__AdminPassword="Bench-Password-123" \
  Logging__LogLevel__Default=Warning ${BENCH_HOST_ENV:-} \
  dotnet "$dll" > "${BENCH_LOG:-$work/host.log}" 2>&1 &
host=$!
say "healthy after $(wait_healthy "$start") s (PostgreSQL, migrations + demo organizer)"

say "floor on the same database, port $floor_port"
env ASPNETCORE_URLS="http://127.0.0.1:$floor_port" dotnet "$work/floor/EventOps.Floor.dll" --connection "$connection" --tickets "${BENCH_FLOOR_TICKETS:-100000}" \
  > "$work/floor.log" 2>&1 &
floor=$!
for _ in $(seq 1 500); do curl -fs -o /dev/null "http://127.0.0.1:$floor_port/health" && break; sleep 0.05; done
curl -fs -o /dev/null "http://127.0.0.1:$floor_port/health" || { echo "floor not healthy:" >&2; cat "$work/floor.log" >&2; exit 1; }

timeout 1800 dotnet bench/EventOps.Bench/bin/Release/net10.0/EventOps.Bench.dll --url "http://127.0.0.1:$port" --token "$token" \
  --host-pid "$host" --floor-url "http://127.0.0.1:$floor_port" --floor-pid "$floor" --pg-pid "$postmaster" \
  --after-warmup "$pgbin/psql -h $pghost -p $pgport -U $pguser -qAt -d $db -c \"VACUUM (ANALYZE)\" -c CHECKPOINT ${BENCH_AFTER_WARMUP_SQL:+-c \"$BENCH_AFTER_WARMUP_SQL\"}" "$@" | tee "$work/bench.out"
stop_host
stop_floor
[ -n "${BENCH_KEEP_DB:-}" ] && echo "kept database $db" || psql -d postgres -c "DROP DATABASE $db WITH (FORCE)" || true
# BENCH_AFTER_WARMUP_SQL: one more statement run after the warm-up's VACUUM (ANALYZE) (experiments on the schema).
# BENCH_HOST_ONLY=1: stop after the Host figures (profiling runs, e.g. with BENCH_LOG and SQL logging in BENCH_HOST_ENV).
if [ -n "${BENCH_HOST_ONLY:-}" ]; then exit 0; fi

say "cold start on SQLite (runs 1-2: fresh file, so migrations too; run 3: restart on that file), Hangfire server on"
for run in 1 2 3; do
  [ "$run" = 3 ] || rm -f "$work/cold.db"*
  start=$(date +%s%N)
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Https__Required=false Database__Provider=Sqlite \
    ConnectionStrings__EventOps="Data Source=$work/cold.db" Logging__LogLevel__Default=Warning Logging__LogLevel__EventOps.Host=Information \
    dotnet "$dll" > "$work/host.log" 2>&1 &
  host=$!
  say "cold start $run: healthy after $(wait_healthy "$start") s ($(grep -o 'ready in [0-9]* ms' "$work/host.log" | head -1) for migrations and start-up data)"
  stop_host
done

say "demo seed on SQLite, Demo:SalesPerEvent=5000 (2 events = 10,000 sales)"
rm -f "$work/cold.db"*
start=$(date +%s%N)
env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Https__Required=false Database__Provider=Sqlite \
  ConnectionStrings__EventOps="Data Source=$work/cold.db" Logging__LogLevel__Default=Warning \
  Logging__LogLevel__EventOps.Modules.Sales.Demo.DemoSeeder=Information Demo__Seed=true Demo__SalesPerEvent=5000 \
  dotnet "$dll" > "$work/host.log" 2>&1 &
host=$!
wait_healthy "$start" >/dev/null
say "$(grep -o 'Demo data: seeded.*' "$work/host.log" | head -1)"
stop_host
rm -rf "$work"
