#!/usr/bin/env python3
"""Splits the SQL time of redeems by statement kind, from a Host log written with bench/run-checkin-bench.sh --log-sql."""
import re, sys, statistics
kinds = {}
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for match in re.finditer(r"Executed DbCommand \((\d+)ms\).*?\n(.*?)(?=\n\S|\Z)", text, re.S):
    ms, sql = int(match.group(1)), match.group(2)
    if "tickets" in sql and "secret" in sql and "SELECT" in sql:
        kind = "FindTicket (Sales)"
    elif "api_tokens" in sql:
        kind = "token (Sales)"
    elif "checkin_lists" in sql and "SELECT" in sql and "checkins" in sql:
        kind = "list + history (Checkin)"
    elif "INSERT INTO" in sql and "checkins" in sql:
        kind = "insert check-in (Checkin)"
    else:
        continue
    kinds.setdefault(kind, []).append(ms)
for kind, values in kinds.items():
    print(f"{kind}: n={len(values)} mean={statistics.mean(values):.2f} ms p50={statistics.median(values):.0f} ms total={sum(values)} ms")
