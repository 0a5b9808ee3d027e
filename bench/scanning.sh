#!/usr/bin/env bash
# Scanning figures (issue 5): snapshot of 100,000 tickets, offline sync of 10,000 attempts, redeem requests/s per surface,
# over HTTP on SQLite and PostgreSQL. Prints one line per figure. EVENTOPS_BENCH_TICKETS overrides the ticket count.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/EventOps.Tests.Integration -c Release -nologo -v q >/dev/null
EVENTOPS_BENCH=1 dotnet test tests/EventOps.Tests.Integration -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Scanning.Scanning${1:-}" --logger "console;verbosity=detailed" 2>&1 | grep -E '^\s*\[(Sqlite|Postgres)\]|Passed|Failed' || true
