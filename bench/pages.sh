#!/usr/bin/env bash
# Admin page latency with the 10,000-sale demo data set on SQLite (issue 14: every new page under 150 ms median).
# Starts the Release Host on a fresh SQLite file (Demo:SalesPerEvent=5000), logs in through the login form with curl,
# (Development environment: the admin cookies are not Secure-only over this plain-HTTP loopback), requests each page N times (default 30) after 3 warm-up requests, and prints median and p90 in ms. Loopback only.
#   bench/pages.sh [requests-per-page]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
port=${BENCH_PORT:-5191}
work=$(mktemp -d)
host=""
stop_host() { if [ -n "$host" ]; then kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; host=""; fi; rm -rf "$work"; }
trap stop_host EXIT
base="http://127.0.0.1:$port"

echo "== build (Release)"
timeout 600 dotnet build src/Host -c Release -nologo -v q >/dev/null
echo "== Host on SQLite with 10,000 demo sales (seeding shows progress in $work/host.log)"
env ASPNETCORE_URLS="$base" ASPNETCORE_ENVIRONMENT=Development Database__Provider=Sqlite \
  ConnectionStrings__EventOps="Data Source=$work/pages.db" Demo__Seed=true Demo__SalesPerEvent=5000 \
  Demo__AdminPassword="Bench-Password-123" Logging__LogLevel__Default=Warning Logging__LogLevel__EventOps.Modules.Sales.Demo.DemoSeeder=Information \
  dotnet src/Host/bin/Release/net10.0/EventOps.Host.dll > "$work/host.log" 2>&1 &
host=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/health" && break; sleep 0.2; done
grep -o 'Demo data: seeded.*' "$work/host.log" | head -1

jar="$work/cookies"
token=$(curl -fs -c "$jar" -b "$jar" "$base/Account/Login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=admin@example.com" --data-urlencode "Password=Bench-Password-123" \
  --data-urlencode "__RequestVerificationToken=$token" "$base/Account/Login"

conf=$(curl -fs -b "$jar" "$base/Sales/Setup/Events" | grep -o 'Setup/Event?id=[0-9]*' | head -1 | cut -d= -f2)
tour=$(curl -fs -b "$jar" "$base/Sales/Setup/Events" | grep -B3 'demo-tour' | grep -o 'Setup/Event?id=[0-9]*' | head -1 | cut -d= -f2)
sale=$(curl -fs -b "$jar" "$base/Sales/Search?q=hopper&eventId=$tour" | grep -o 'href="/Sales/Sale/[0-9]*' | head -1 | grep -o '[0-9]*$')
list=$(curl -fs -b "$jar" "$base/Checkin/Lists?eventId=$conf" | grep -o 'handler=Checkins&amp;listId=[0-9]*' | head -1 | grep -o '[0-9]*$')
pages=(
  "/Sales/Dashboard"
  "/Sales/PointOfSale?eventId=$conf"
  "/Sales/PointOfSale?eventId=$tour"
  "/Sales/Setup/Events"
  "/Sales/Setup/Event?id=$tour"
  "/Sales/Setup/Products?eventId=$conf"
  "/Sales/Setup/Quotas?eventId=$tour"
  "/Sales/Setup/Quotas?eventId=$tour&handler=Bars"
  "/Sales/Setup/Seating?eventId=$tour"
  "/Sales/Tickets/$sale"
  "/Sales/Tickets/$sale?handler=Pdf"
  "/Sales/Search?eventId=$tour&handler=Export"
  "/Sales/Search?eventId=$conf&handler=Export"
  "/Checkin/Lists?handler=Checkins&listId=$list"
)
echo "== $runs requests per page, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-48s %8s %8s\n' page "median" "p90"
for page in "${pages[@]}"; do
  for _ in 1 2 3; do curl -fs -o /dev/null -b "$jar" "$base$page"; done
  times=$(for _ in $(seq 1 "$runs"); do curl -fs -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$page"; done | sort -n)
  median=$(echo "$times" | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.1f", $1 * 1000 }')
  p90=$(echo "$times" | awk -v n="$runs" 'NR == int(n * 0.9) { printf "%.1f", $1 * 1000 }')
  printf '%-48s %6s ms %6s ms\n' "$page" "$median" "$p90"
done
