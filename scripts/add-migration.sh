#!/usr/bin/env bash
# Adds migration <Name> for every context whose model changed, for all three providers (SQLite, PostgreSQL, SQL Server).
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <Name>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null

# project directory : context prefix (the contexts are <Prefix>{Sqlite,Postgres,SqlServer}DbContext)
contexts=(
  "src/Host:Host"
  "src/Modules/Sales:Sales"
)
[ -d src/Modules/Checkin/Persistence ] && contexts+=("src/Modules/Checkin:Checkin")
[ -d src/Modules/Scanning/Persistence ] && contexts+=("src/Modules/Scanning:Scanning")

for entry in "${contexts[@]}"; do
  project=${entry%%:*}
  prefix=${entry##*:}
  dotnet build "$project" -v q -nologo >/dev/null
  for provider in Sqlite Postgres SqlServer; do
    context="${prefix}${provider}DbContext"
    if dotnet ef migrations has-pending-model-changes --no-build --project "$project" --startup-project "$project" --context "$context" >/dev/null 2>&1; then
      echo "$context: no model changes"
      continue
    fi
    echo "$context: adding $name"
    dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" --context "$context" \
      --output-dir "Persistence/Migrations/$provider" >/dev/null
    # the new migration must compile before the next provider is asked
    dotnet build "$project" -v q -nologo >/dev/null
  done
done
