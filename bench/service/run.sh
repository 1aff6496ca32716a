#!/usr/bin/env bash
# The service benchmark: concurrent clients posting usage to a real `token-gov serve` on SQLite.
#
#   bench/service/run.sh                         100 clients for 60 s
#   bench/service/run.sh --clients 20 --seconds 10
#
# Builds token-gov and the load generator (Release), then prints the results as JSON and writes them to
# bench/out/service/results.json (git-ignored). Exits 1 when a request failed or the ledger lost an event.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build src/TokenGovernor.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/service/TokenGovernor.Service.Bench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
mkdir -p bench/out/service
dotnet bench/service/bin/Release/net10.0/TokenGovernor.Service.Bench.dll \
  --token-gov src/TokenGovernor.Cli/bin/Release/net10.0/token-gov.dll "$@" | tee bench/out/service/results.json
