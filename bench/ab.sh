#!/usr/bin/env bash
# Two builds measured against each other: bench/ab.sh [--pairs 3] [--surfaces pretix,usetix] A [B]
# A and B are commits (B defaults to the working tree). This machine's speed drifts by 20-30 % between runs of one
# build, more than most single changes are worth, so one run of each proves nothing. This runs bench/run.sh on A and B
# alternately (A B, then B A, ...) with today's bench/ in both trees, so both are measured by the same client, and
# prints the median of each figure per build and B's change against A: CPU per request (Host + PostgreSQL) per
# surface and client count, req/s, and the snapshot and offline sync times.
# Other bench/run.sh options follow after --, e.g. bench/ab.sh A -- --clients 16.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pairs=3
surfaces="pretix,usetix,tickable,showpass"
revs=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;;
    --surfaces) surfaces=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) revs+=("$1"); shift ;;
  esac
done
[ ${#revs[@]} -ge 1 ] && [ ${#revs[@]} -le 2 ] || { echo "usage: bench/ab.sh [--pairs N] [--surfaces a,b] A [B] [-- bench/run.sh options]" >&2; exit 2; }

work=$(mktemp -d)
# The worktrees live under $work: removing it and pruning is their clean-up.
cleanup() { rm -rf "$work"; git -C "$root" worktree prune; }
trap cleanup EXIT

tree_of() { # a worktree of the commit with this tree's bench/, or this tree itself
  if [ "$1" = "." ]; then echo "$root"; return; fi
  local dir="$work/tree-$(git rev-parse --short "$1")"
  git worktree add --detach -q "$dir" "$1"
  rm -rf "$dir/bench" && cp -r "$root/bench" "$dir/bench"
  find "$dir/bench" -name bin -o -name obj | xargs rm -rf
  echo "$dir"
}
a=$(tree_of "${revs[0]}")
b=$(tree_of "${revs[1]:-.}")
label_a=$(git -C "$a" rev-parse --short HEAD)
label_b=$([ "$b" = "$root" ] && echo "working-tree" || git -C "$b" rev-parse --short HEAD)

# Orders of 4 hold 12,000 tickets: the default warm-up and run sizes of a full run would not fit. The bench reads the
# first occurrence of an option, so options given after -- come first and win.
args=("${extra[@]}" --surfaces "$surfaces" --rate 0 --sync 10000 --sync-warmup 5000 --warmup 2000 --per-run 4000)
run() { # tree label pair
  echo "== pair $3: $2 [load $(cut -d' ' -f1 /proc/loadavg)]"
  (cd "$1" && BENCH_HOST_ONLY=1 timeout 1200 bench/run.sh "${args[@]}") > "$work/run.out" 2>&1 || { tail -20 "$work/run.out" >&2; exit 1; }
  { grep -E '^RESULT ' "$work/run.out" || true; } | sed "s/^RESULT /$2 /" >> "$work/results"
  awk -v build="$2" '
    function ms(line) { match(line, /in [0-9]+ ms/); return substr(line, RSTART + 3, RLENGTH - 6) }
    /^snapshot 100,000 tickets: 200 in/ { plain++; print build, (plain == 1 ? "snapshot_first" : "snapshot_warm"), ms($0) }
    /^snapshot 100,000 tickets gzip: 200 in/ { print build, "snapshot_gzip", ms($0) }
    /^offline sync: / { print build, "offline_sync", ms($0) }' "$work/run.out" >> "$work/results"
}
for pair in $(seq 1 "$pairs"); do
  if [ $((pair % 2)) = 1 ]; then run "$a" A "$pair"; run "$b" B "$pair"; else run "$b" B "$pair"; run "$a" A "$pair"; fi
done

echo "== A = $label_a, B = $label_b, $pairs pairs, medians"
python3 - "$work/results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    build, name = parts[0], parts[1]
    if len(parts) == 3:
        rows.setdefault((name, ""), {}).setdefault(build, []).append({"ms": float(parts[2])})
        continue
    v = [float(x) for x in parts[3:]]
    rows.setdefault((name, parts[2]), {}).setdefault(build, []).append(
        {"rps": v[0], "cpu": v[4] + v[5], "host": v[4], "pg": v[5], "ratio": v[0] / v[6]})
med = lambda xs, f: statistics.median(x[f] for x in xs)
span = lambda xs, f, fmt: "/".join(format(x[f], fmt) for x in xs)
print(f"{'figure':<36} {'A':>16} {'B':>16} {'B vs A':>8}   each pair's A | B")
for (name, clients), builds in rows.items():
    if "A" not in builds or "B" not in builds:
        continue
    A, B = builds["A"], builds["B"]
    if "ms" in A[0]:
        a, b = med(A, "ms"), med(B, "ms")
        print(f"{name + ' ms':<36} {a:>16.0f} {b:>16.0f} {100 * (b - a) / a:>+7.0f}%   {span(A, 'ms', '.0f')} | {span(B, 'ms', '.0f')}")
        continue
    label = f"{name} x{clients}"
    a, b = med(A, "cpu"), med(B, "cpu")
    print(f"{label + ' CPU ms/req':<36} {med(A, 'host'):>6.2f}+{med(A, 'pg'):.2f}={a:.2f} {med(B, 'host'):>6.2f}+{med(B, 'pg'):.2f}={b:.2f}"
          f" {100 * (b - a) / a:>+7.0f}%   {span(A, 'cpu', '.2f')} | {span(B, 'cpu', '.2f')}")
    a, b = med(A, "rps"), med(B, "rps")
    print(f"{label + ' req/s':<36} {a:>16.0f} {b:>16.0f} {100 * (b - a) / a:>+7.0f}%   {span(A, 'rps', '.0f')} | {span(B, 'rps', '.0f')}")
    print(f"{label + ' ratio to floor':<36} {med(A, 'ratio'):>16.2f} {med(B, 'ratio'):>16.2f}")
EOF
