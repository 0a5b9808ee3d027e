#!/usr/bin/env bash
# The test command: builds, starts a throwaway PostgreSQL (unless EVENTOPS_TEST_POSTGRES is set), runs every test
# assembly and ends with one line of totals over all of them: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${EVENTOPS_TEST_POSTGRES:-}" ]; then
  EVENTOPS_TEST_POSTGRES=$(scripts/start-postgres.sh) || { echo "could not start PostgreSQL"; echo "tests: 0 passed, 1 failed"; exit 1; }
  export EVENTOPS_TEST_POSTGRES
fi

if [ -x scripts/install-browser.sh ]; then
  scripts/install-browser.sh || echo "warning: no chromium; browser tests will fail" >&2
fi

results=$(mktemp -d)
started=$(date +%s)
dotnet build EventOps.sln -c Release -nologo -v q
build=$?
if [ $build -ne 0 ]; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results/$name" "$@" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # a skipped test counts in total but not in executed
  skipped=$((skipped + $(value total) - $(value executed)))
done
# Figures the tests print into their results: the bad-input sweep's request count per provider.
grep -ho 'bad-input sweep ([^<]*' "$results"/*/*.trx 2>/dev/null | sort -u
# Crash safety runs the Release Host as a process (kill -9, restart); it counts as one test in the totals.
if bash scripts/crash-test.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
# A database outage (its own PostgreSQL cluster stopped for 10 s under load, the Host kept running): one test too.
if bash scripts/db-outage-test.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
echo "test time: $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ $status -ne 0 ] || [ $failed -ne 0 ] || [ $passed -eq 0 ]; then
  exit 1
fi
