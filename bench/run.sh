#!/usr/bin/env bash
# The DAG benchmark: N trivial script tasks (`true`) in a wide DAG at 2 workers, timed side by side with
# `make -j2` and GNU `parallel -j2` running the same commands in the same repo folders. See bench/README.md.
#
#   bench/run.sh                      10,000 tasks, 3 timed runs per tool
#   bench/run.sh --tasks 1000         a quick look
#   bench/run.sh --tasks 10000 --runs 5 --jobs 2 --layers 10 --repos 250
#
# Writes everything under bench/out/<N>/ (git-ignored); the results table ends up in
# bench/out/<N>/results.md and on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tasks=10000 runs=3 jobs=2 layers=10 repos=250
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --layers) layers="$2"; shift 2 ;;
    --repos) repos="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench: unknown argument '$1'" >&2; usage ;;
  esac
done
for value in "$tasks" "$runs" "$jobs" "$layers" "$repos"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "bench: '$value' is not a positive whole number" >&2; exit 2; }
done

# --- Tools: install only what is missing (apt-get update only when something is) -----------------------
missing=()
command -v parallel >/dev/null || missing+=(parallel)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v make >/dev/null || missing+=(make)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "bench: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- token-gov: build once (Release) through the root script ------------------------------------------
./token-gov version >&2
dll="$root/.tools/token-gov/token-gov.dll"

# --- Inputs ----------------------------------------------------------------------------------------------
out="$root/bench/out/$tasks"
rm -rf "$out"
mkdir -p "$out"
python3 bench/gen_dag.py "$out" --tasks "$tasks" --layers "$layers" --repos "$repos" >&2
state="$(mktemp -d "${TMPDIR:-/tmp}/token-gov-bench.XXXXXX")"
trap 'rm -rf "$state"' EXIT

q() { printf '%q' "$1"; }
tg_cmd="dotnet $(q "$dll") run --tasks $(q "$out/tasks.json") --repos-dir $(q "$out/repos") --workers $jobs --tui off --state-dir $(q "$state/s")"
make_cmd="make -j$jobs -s -f $(q "$out/Makefile")"
parallel_cmd="PARALLEL_SHELL=/bin/sh parallel --will-cite -j$jobs < $(q "$out/commands.txt")"
# The previous run's state is moved aside, not deleted: deleting thousands of files just before a timed run
# makes the file system's next inode allocations slow (ext4 checks recently deleted inodes), which would bill
# one run's clean-up to the next. Everything is deleted at exit.
reset_state="if [ -e $(q "$state/s") ]; then mv $(q "$state/s") $(q "$state")/old.\$(date +%s%N); fi"
# Every timed run starts with no dirty pages left by the previous one, so no tool pays for another's writeback.
settle="sync"

# --- One checked run each: every tool must finish all N commands; /usr/bin/time gives the peak RSS -----
# These also warm the file cache for the timed runs.
check() {
  local name="$1" command="$2"
  echo "bench: check run of $name" >&2
  if ! /usr/bin/time -f '%e %M' -o "$out/check-$name.time" sh -c "$command" >"$out/check-$name.log" 2>&1; then
    echo "bench: $name failed (log: $out/check-$name.log)" >&2
    exit 1
  fi
}
eval "$reset_state"
check token-gov "$tg_cmd"
python3 - "$state/s" "$tasks" <<'EOF'
import glob, json, sys
reports = glob.glob(f"{sys.argv[1]}/runs/*/report.json")
states = [task["state"] for task in json.load(open(reports[0]))["tasks"]] if len(reports) == 1 else []
done = states.count("completed")
if done != int(sys.argv[2]):
    sys.exit(f"bench: token-gov completed {done} of {sys.argv[2]} tasks")
EOF
check make "$make_cmd"
check parallel "$parallel_cmd"
if [[ $(grep -c '' "$out/commands.txt") -ne $tasks ]]; then
  echo "bench: commands.txt does not hold $tasks commands" >&2
  exit 1
fi

# --- Timed runs ------------------------------------------------------------------------------------------
hyperfine --runs "$runs" --style basic --export-json "$out/hyperfine.json" \
  --prepare "$reset_state; $settle" -n "token-gov --workers $jobs" "$tg_cmd" \
  --prepare "$settle" -n "make -j$jobs" "$make_cmd" \
  --prepare "$settle" -n "parallel -j$jobs" "$parallel_cmd" >&2

# --- Results table ---------------------------------------------------------------------------------------
python3 - "$out" "$tasks" "$jobs" "$layers" "$repos" "$runs" <<'EOF' | tee "$out/results.md"
import json, os, platform, subprocess, sys
out, tasks, jobs, layers, repos, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
results = json.load(open(f"{out}/hyperfine.json"))["results"]
rss = {}
for name in ("token-gov", "make", "parallel"):
    rss[name] = int(open(f"{out}/check-{name}.time").read().split()[1]) / 1024
make_mean = next(r["mean"] for r in results if r["command"].startswith("make"))
def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[0]
    except (IndexError, OSError):
        return "?"
print(f"{tasks} tasks, {layers} layers of {tasks // layers}, {min(repos, tasks // layers)} repo folders, {jobs} jobs, {runs} timed runs each")
print(f"machine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, Linux {platform.release()}; "
      f"dotnet {version('dotnet --version')}; {version('make --version')}; {version('parallel --version')}; {version('hyperfine --version')}")
print()
print("| tool | wall mean ± sd (s) | min (s) | max (s) | ms/task | ratio to make | peak RSS (MB) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in results:
    key = r["command"].split()[0]
    print(f"| {r['command']} | {r['mean']:.2f} ± {r['stddev'] or 0:.2f} | {r['min']:.2f} | {r['max']:.2f} | "
          f"{r['mean'] / tasks * 1000:.3f} | {r['mean'] / make_mean:.2f}× | {rss[key]:.0f} |")
mean = {r["command"].split()[0]: r["mean"] for r in results}
print()
print(f"target 'faster than GNU parallel': {'met' if mean['token-gov'] < mean['parallel'] else 'MISSED'} "
      f"({mean['token-gov']:.2f} s vs {mean['parallel']:.2f} s)")
print(f"target 'within 3x of make': {'met' if mean['token-gov'] <= 3 * mean['make'] else 'MISSED'} "
      f"({mean['token-gov'] / mean['make']:.2f}x)")
EOF
