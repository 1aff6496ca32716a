#!/usr/bin/env bash
# Governance overhead: what metering and policy cost per usage event (µs) and what admission, agent registration,
# reservations and checkpoint bookkeeping cost per task (ms). Each is timed as the difference between the same work
# run governed (the task names a registered project) and ungoverned (it does not).
#
#   bench/governance/run.sh [--events N] [--tasks M] [--runs R]
set -euo pipefail
events=20000 tasks=200 runs=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--events N] [--tasks M] [--runs R]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/token-gov" version >&2
dll="$root/.tools/token-gov/token-gov.dll"
work="$(mktemp -d "${TMPDIR:-/tmp}/token-gov-gov-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Task files: one task printing N usage lines; M trivial tasks in M repo folders. Each governed and not.
python3 - "$work" "$events" "$tasks" <<'PY'
import json, os, sys
work, events, tasks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
spend = f"awk 'BEGIN {{ for (i = 0; i < {events}; i++) print \"::token-gov usage input=1 output=0 model=claude-sonnet-4-5\" }}'"
for governed in (True, False):
    suffix = "gov" if governed else "plain"
    def task(id, repo, prompt):
        t = {"id": f"{id}-{suffix}", "repo": repo, "priority": 1, "title": id, "prompt": prompt}
        if governed:
            t.update(project="bench", estimate=100)
        return t
    with open(os.path.join(work, f"events-{suffix}.json"), "w") as f:
        json.dump({"default_runner": "script", "tasks": [task("events", "bench/events", spend)]}, f)
    with open(os.path.join(work, f"tasks-{suffix}.json"), "w") as f:
        json.dump({"default_runner": "script", "tasks": [task(f"t{i}", f"bench/r{i}", "true") for i in range(tasks)]}, f)
for i in range(tasks):
    os.makedirs(os.path.join(work, "repos", "bench", f"r{i}"), exist_ok=True)
os.makedirs(os.path.join(work, "repos", "bench", "events"), exist_ok=True)
PY

# One timed run on a fresh store: prints seconds.
timed() {
  local file="$1" state="$work/state"
  rm -rf "$state"
  dotnet "$dll" register --state-dir "$state" --name bench --owner bench --budget 1000000000000 >/dev/null
  local start end
  start=$(date +%s%N)
  dotnet "$dll" run "$work/$file" --repos-dir "$work/repos" --state-dir "$state" --workers 2 --tui off >/dev/null
  end=$(date +%s%N)
  python3 -c "print(($end - $start) / 1e9)"
}

median() { python3 -c "import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

declare -A result
for kind in events-gov events-plain tasks-gov tasks-plain; do
  samples=()
  for _ in $(seq "$runs"); do samples+=("$(timed "$kind.json")"); done
  result[$kind]=$(median "${samples[@]}")
  echo "$kind: ${samples[*]} s (median ${result[$kind]} s)" >&2
done

python3 - "$events" "$tasks" "${result[events-gov]}" "${result[events-plain]}" "${result[tasks-gov]}" "${result[tasks-plain]}" <<'PY'
import sys
events, tasks = int(sys.argv[1]), int(sys.argv[2])
eg, ep, tg, tp = map(float, sys.argv[3:])
print(f"| measure | governed | ungoverned | overhead |")
print(f"|---|---|---|---|")
print(f"| one task printing {events:,} usage lines | {eg:.2f} s | {ep:.2f} s | {(eg - ep) / events * 1e6:.0f} µs per usage event |")
print(f"| {tasks:,} trivial tasks, 2 workers | {tg:.2f} s | {tp:.2f} s | {(tg - tp) / tasks * 1e3:.1f} ms per task |")
PY
