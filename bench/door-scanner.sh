#!/usr/bin/env bash
# Door scanner figures (issue 16), measured in chromium against the real Host: how long a 100,000-ticket snapshot takes
# from request to IndexedDB, and how long each offline decision takes (by check-in code, public id, QR secret, unknown).
# EVENTOPS_BENCH_TICKETS overrides the ticket count; the first argument narrows to one database ("Sqlite" or "Postgres").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-browser.sh
dotnet build tests/EventOps.Tests.Browser -c Release -nologo -v q
EVENTOPS_BENCH=1 dotnet test tests/EventOps.Tests.Browser -c Release --no-build --nologo \
  --filter "FullyQualifiedName~DoorScanner${1:-}&FullyQualifiedName~Bench" --logger "console;verbosity=normal" | grep -E "door bench|Passed|Failed"
