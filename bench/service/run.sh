#!/usr/bin/env bash
# The service benchmark: concurrent clients posting usage to a real `token-gov serve` on SQLite.
#
#   bench/service/run.sh                         100 clients for 60 s: back to back, then paced at 5,000 events/s
#   bench/service/run.sh --clients 20 --seconds 10
#   bench/service/run.sh --rate 7000             only the paced run, at 7,000 events/s in all
#
# Builds token-gov and the load generator (Release), then prints the results of each run as JSON and writes them
# to bench/out/service/results.json (git-ignored). Exits 1 when a request failed or the ledger lost an event.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build src/TokenGovernor.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/service/TokenGovernor.Service.Bench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
mkdir -p bench/out/service
bench() {
  dotnet bench/service/bin/Release/net10.0/TokenGovernor.Service.Bench.dll \
    --token-gov src/TokenGovernor.Cli/bin/Release/net10.0/token-gov.dll "$@"
}
if [[ " $* " == *" --rate "* ]]; then
  bench "$@" | tee bench/out/service/results.json
else
  # Each run starts its own server on a fresh store.
  { bench "$@"; bench "$@" --rate 5000; } | tee bench/out/service/results.json
fi
