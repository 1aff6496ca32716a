#!/usr/bin/env bash
# Build, test, pack and benchmark token-gov.
#   ./build.sh test    build everything and run every test project; prints the pass/fail totals
#   ./build.sh build   build everything (Release)
#   ./build.sh pack    pack token-gov as a .NET tool into artifacts/
#   ./build.sh bench   run the whole-process benchmarks (see bench/README.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build() {
  dotnet build TokenGovernor.sln -c Release --nologo -v quiet -clp:ErrorsOnly
}

run_tests() {
  build
  local log total=0 passed=0 failed=0 skipped=0 status=0
  log="$(mktemp)"
  for project in tests/*.Tests/*.csproj; do
    echo "== $(basename "$project" .csproj)"
    if ! dotnet test "$project" -c Release --no-build --nologo -v quiet --logger "console;verbosity=minimal" 2>&1 | tee -a "$log"; then
      status=1
    fi
  done
  # Sum the per-project lines: "Passed!  - Failed: 0, Passed: 25, Skipped: 0, Total: 25, Duration: ..."
  while IFS= read -r line; do
    failed=$((failed + $(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")))
    passed=$((passed + $(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")))
    skipped=$((skipped + $(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")))
    total=$((total + $(sed -E 's/.*Total: *([0-9]+).*/\1/' <<<"$line")))
  done < <(grep -E '(Passed|Failed)! +- Failed: ' "$log")
  rm -f "$log"
  echo "== Test totals: total $total, passed $passed, failed $failed, skipped $skipped"
  if [[ $status -ne 0 || $failed -ne 0 || $total -eq 0 ]]; then
    echo "== TESTS FAILED"
    return 1
  fi
  echo "== ALL TESTS PASSED"
}

case "${1:-test}" in
  build) build ;;
  test) run_tests ;;
  pack) dotnet pack src/TokenGovernor.Cli/TokenGovernor.Cli.csproj -c Release -o artifacts --nologo ;;
  bench) shift; exec bench/run.sh "$@" ;;
  *) echo "usage: ./build.sh [build|test|pack|bench]" >&2; exit 2 ;;
esac
