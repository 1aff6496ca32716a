#!/usr/bin/env bash
# The usage benchmark: `token-gov usage daily --json --offline` against ccusage 17.2.1 (Node), 19.0.3 (bun)
# and 20.0.24 (Rust) on the same generated Claude Code logs, plus `token-gov measure` over unchanged logs.
# See the "Usage benchmark" section of bench/README.md.
#
#   bench/usage/run.sh                    1 GB of logs, 3 timed runs per tool
#   bench/usage/run.sh --size-mb 100      a quick look
#   bench/usage/run.sh --size-mb 1024 --runs 5 --seed 1 --token-gov-rev HEAD
#
# --token-gov-rev REV builds that commit (from `git archive`, so uncommitted edits in src/ are left out) into
# .tools/token-gov-bench/<rev>/ instead of using ./token-gov's build of the working tree.
# Logs go to bench/out/usage/logs-<N>/ (git-ignored; generated once per size and seed); outputs, raw timings
# and the results table to bench/out/usage/run-<N>/ (the table also on stdout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

size=1024 runs=3 seed=1 rev=""
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --token-gov-rev) rev="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "usage bench: unknown argument '$1'" >&2; usage ;;
  esac
done
for value in "$size" "$runs" "$seed"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "usage bench: '$value' is not a positive whole number" >&2; exit 2; }
done

# --- System tools: install only what is missing (apt-get update only when something is) ----------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
command -v jq >/dev/null || missing+=(jq)
command -v npm >/dev/null || missing+=(npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "usage bench: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- ccusage: 17.2.1 + 20.0.24 pinned by bench/usage/package-lock.json; 19.0.3 + bun by tools/ccusage -----
cc="$root/.tools/ccusage-bench"
if ! cmp -s bench/usage/package-lock.json "$cc/package-lock.json.installed" \
    || [[ ! -f "$cc/node_modules/ccusage-17/dist/index.js" || ! -f "$cc/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage" ]]; then
  echo "usage bench: installing ccusage 17.2.1 and 20.0.24 into $cc" >&2
  mkdir -p "$cc"
  cp bench/usage/package.json bench/usage/package-lock.json "$cc/"
  # `npm install`, not `npm ci`: the lock lists only the linux-x64 build of ccusage 20 (the one named in
  # package.json), and `npm ci` rejects a lock without the other platforms' optional packages. The lock still
  # pins every version and hash; the check below makes sure npm did not change it.
  (cd "$cc" && rm -rf node_modules && npm install --no-audit --no-fund --loglevel=error) >&2
  cmp -s bench/usage/package-lock.json "$cc/package-lock.json" \
    || { echo "usage bench: npm changed the pinned lock file in $cc" >&2; exit 1; }
  cp bench/usage/package-lock.json "$cc/package-lock.json.installed"
fi
cc20="$cc/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage"
chmod +x "$cc20"   # npm leaves it non-executable; ccusage's own launcher (src/cli.js) does the same chmod
cc19dir="$(tools/ccusage/install.sh)"

# --- token-gov ---------------------------------------------------------------------------------------------
if [[ -n "$rev" ]]; then
  commit="$(git rev-parse --short "$rev^{commit}")"
  tg="$root/.tools/token-gov-bench/$commit"
  if [[ ! -f "$tg/token-gov.dll" ]]; then
    echo "usage bench: building token-gov $commit (Release, ready-to-run) into $tg" >&2
    src="$(mktemp -d "${TMPDIR:-/tmp}/token-gov-src.XXXXXX")"
    git archive "$commit" | tar -x -C "$src"
    mkdir -p "$tg"
    case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
    if ! dotnet publish "$src/src/TokenGovernor.Cli/TokenGovernor.Cli.csproj" -c Release -r "$rid" --self-contained false \
        -p:PublishReadyToRun=true -o "$tg" --nologo -v quiet >"$tg/build.log" 2>&1; then
      cat "$tg/build.log" >&2; rm -f "$tg/token-gov.dll"; rm -rf "$src"; exit 1
    fi
    rm -rf "$src"
  fi
  tgdll="$tg/token-gov.dll"
  tgname="token-gov $commit"
else
  ./token-gov version >&2
  tgdll="$root/.tools/token-gov/token-gov.dll"
  tgname="token-gov (working tree)"
fi

# --- Logs: generated once per size and seed ------------------------------------------------------------
logs="$root/bench/out/usage/logs-$size"
[[ "$seed" == 1 ]] || logs="$logs-seed$seed"
if [[ ! -f "$logs/.complete" ]]; then
  rm -rf "$logs"
  echo "usage bench: generating $size MB of Claude Code logs into $logs" >&2
  start=$(date +%s)
  python3 bench/gen_claude_logs.py "$logs" --size-mb "$size" --seed "$seed" >&2
  echo "usage bench: generated in $(( $(date +%s) - start )) s" >&2
  touch "$logs/.complete"
fi
files=$(find "$logs/projects" -name '*.jsonl' | wc -l)
bytes=$(find "$logs/projects" -name '*.jsonl' -printf '%s\n' | awk '{s+=$1} END {print s}')

out="$root/bench/out/usage/run-$size"
rm -rf "$out"
mkdir -p "$out"
state="$(mktemp -d "${TMPDIR:-/tmp}/token-gov-usage-bench.XXXXXX")"
trap 'rm -rf "$state"' EXIT

# Same logs, same zone for every tool.
mkdir -p "$state/no-codex"
export CLAUDE_CONFIG_DIR="$logs" CODEX_HOME="$state/no-codex" TZ=UTC
names=("$tgname" "ccusage 20.0.24 (Rust)" "ccusage 19.0.3 (bun)" "ccusage 17.2.1 (Node)")
keys=(tg c20 c19 c17)
cmds=(
  "dotnet $(printf %q "$tgdll") usage daily --json --offline"
  "$(printf %q "$cc20") claude daily --json --offline"
  "$(printf %q "$cc19dir/node_modules/.bin/bun") $(printf %q "$cc19dir/node_modules/ccusage/dist/index.js") claude daily --json --offline"
  "node $(printf %q "$cc/node_modules/ccusage-17/dist/index.js") daily --json --offline"
)

# --- Checked runs: outputs compared, peak RSS taken; they also warm the file cache ------------------------
declare -A rss
for i in "${!keys[@]}"; do
  k=${keys[$i]}
  echo "usage bench: checked run of ${names[$i]}" >&2
  /usr/bin/time -f %M -o "$out/$k.rss" bash -c "${cmds[$i]}" >"$out/$k.json" 2>"$out/$k.stderr" \
    || { cat "$out/$k.stderr" >&2; echo "usage bench: ${names[$i]} failed" >&2; exit 1; }
  rss[$k]=$(( $(tail -1 "$out/$k.rss") / 1024 ))
done
if ! cmp -s "$out/tg.json" "$out/c19.json"; then
  diff <(jq -S . "$out/tg.json") <(jq -S . "$out/c19.json") | head -40 >&2
  echo "usage bench: token-gov and ccusage 19.0.3 disagree (diff above)" >&2
  exit 1
fi
{
  echo "Daily totals (all $(jq '.daily | length' "$out/tg.json") days) against token-gov, which equals ccusage 19.0.3 byte for byte:"
  echo
  echo "| tool | inputTokens | outputTokens | cacheCreationTokens | cacheReadTokens | totalCost |"
  echo "|---|---:|---:|---:|---:|---:|"
  for i in "${!keys[@]}"; do
    k=${keys[$i]}
    jq -r --slurpfile ref "$out/tg.json" --arg name "${names[$i]}" '
      def d(f): (.totals[f] - $ref[0].totals[f]) as $x
        | if $x == 0 then "\(.totals[f]) (=)"
          else "\(.totals[f]) (\(if $x > 0 then "+" else "" end)\($x / $ref[0].totals[f] * 10000 | round / 100)%)" end;
      "| \($name) | \(d("inputTokens")) | \(d("outputTokens")) | \(d("cacheCreationTokens")) | \(d("cacheReadTokens")) | \(.totals.totalCost * 100 | round / 100) |"
    ' "$out/$k.json"
  done
} >"$out/totals.md"

# --- Timed runs (warm cache) -------------------------------------------------------------------------
hargs=()
for i in "${!keys[@]}"; do hargs+=(-n "${names[$i]}" "${cmds[$i]} >/dev/null 2>&1"); done
hyperfine --runs "$runs" --style basic --export-json "$out/hyperfine.json" "${hargs[@]}" >&2

# --- token-gov measure: ingest once, then time measure over the unchanged logs ------------------------
measure="dotnet $(printf %q "$tgdll") measure --agent claude --json --state-dir $(printf %q "$state")"
/usr/bin/time -f '%e %M' -o "$out/measure-first.time" bash -c "$measure" >"$out/measure-first.json"
/usr/bin/time -f '%e %M' -o "$out/measure-again.time" bash -c "$measure" >"$out/measure-again.json"
hyperfine --runs 10 --warmup 1 --style basic --export-json "$out/hyperfine-measure.json" \
  -n "token-gov measure (unchanged logs)" "$measure >/dev/null 2>&1" >&2

# --- Table --------------------------------------------------------------------------------------------
tgmean=$(jq '.results[0].mean' "$out/hyperfine.json")
fastest=$(jq '[.results[1:][].mean] | min' "$out/hyperfine.json")
{
  echo "Usage benchmark: $(awk -v b="$bytes" 'BEGIN {printf "%.0f", b / 1048576}') MB in $files files ($logs), $runs timed runs each, warm cache, TZ=UTC, $(date -u +%Y-%m-%d)."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr); dotnet $(dotnet --version), node $(node --version), bun $("$cc19dir/node_modules/.bin/bun" --version), $(hyperfine --version)."
  echo
  echo "| tool | wall mean ± sd (s) | min (s) | max (s) | peak RSS (MB) | time / token-gov |"
  echo "|---|---:|---:|---:|---:|---:|"
  for i in "${!keys[@]}"; do
    jq -r --argjson i "$i" --argjson tg "$tgmean" --arg name "${names[$i]}" --arg rss "${rss[${keys[$i]}]}" '
      def f2: (. * 100 | round) as $c | "\($c / 100 | floor).\(($c % 100 + 100) | tostring | .[1:])";
      .results[$i] | "| \($name) | \(.mean | f2) ± \(.stddev | f2) | \(.min | f2) | \(.max | f2) | \($rss) | \(.mean / $tg | f2)× |"
    ' "$out/hyperfine.json"
  done
  read -r m1s m1k <"$out/measure-first.time"
  read -r m2s m2k <"$out/measure-again.time"
  jq -r --arg m1s "$m1s" --arg m1k "$m1k" --arg m2k "$m2k" '
    .results[0] | "| token-gov measure, unchanged logs | \(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms | \(.min * 1000 | round) ms | \(.max * 1000 | round) ms | \($m2k | tonumber / 1024 | round) | (first ingest: \($m1s) s, \($m1k | tonumber / 1024 | round) MB) |"
  ' "$out/hyperfine-measure.json"
  echo
  cat "$out/totals.md"
  echo
  mmean=$(jq '.results[0].mean' "$out/hyperfine-measure.json")
  awk -v tg="$tgmean" -v f="$fastest" -v r="${rss[tg]}" -v m="$mmean" 'BEGIN {
    printf "Targets: >= 3x faster than the fastest ccusage: %s (%.2fx); peak RSS <= 150 MB: %s (%d MB); measure over unchanged logs < 100 ms: %s (%.0f ms).\n",
      (f / tg >= 3 ? "met" : "NOT met"), f / tg, (r <= 150 ? "met" : "NOT met"), r, (m < 0.1 ? "met" : "NOT met"), m * 1000 }'
} | tee "$out/results.md"
