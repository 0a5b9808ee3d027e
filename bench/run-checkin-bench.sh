#!/usr/bin/env bash
# Starts a Release Host on a fresh database (SQLite, or PostgreSQL with --postgres), seeds the demo data, runs the
# redeem throughput harness against it and stops the Host. Prints the harness's figures.
#   bench/run-checkin-bench.sh [--postgres] [--clients 16] [--tickets 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=Sqlite
sql_log=Warning
if [ "${1:-}" = "--postgres" ]; then provider=Postgres; shift; fi
# --log-sql: the Host logs every SQL command with its duration to $BENCH_LOG (the split of a redeem's time per statement).
if [ "${1:-}" = "--log-sql" ]; then sql_log=Information; shift; fi
port=${BENCH_PORT:-5088}
token="bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d)
if [ "$provider" = Postgres ]; then
  base=${EVENTOPS_TEST_POSTGRES:-$(scripts/start-postgres.sh)}
  db="bench_$(date +%s)"
  connection="${base%;}"
  connection="$(echo "$connection" | sed -E "s/Database=[^;]*/Database=$db/")"
  [[ "$connection" == *Database=* ]] || connection="$connection;Database=$db"
else
  connection="Data Source=$work/bench.db"
fi

dotnet build src/Host -c Release -nologo -v q >/dev/null
dotnet build bench/CheckinBench -c Release -nologo -v q >/dev/null
env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production Https__Required=false \
  Database__Provider=$provider ConnectionStrings__EventOps="$connection" \
  Demo__Seed=true Demo__ApiToken="$token" Demo__AdminPassword="Bench-Password-123" \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=$sql_log" Hangfire__Server=false \
  dotnet src/Host/bin/Release/net10.0/EventOps.Host.dll > "${BENCH_LOG:-$work/host.log}" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true; wait $host 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "provider: $provider"
dotnet bench/CheckinBench/bin/Release/net10.0/CheckinBench.dll --url "http://127.0.0.1:$port" --token "$token" "$@"
