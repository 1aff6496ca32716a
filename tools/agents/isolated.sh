#!/usr/bin/env bash
# Runs a command in a private network namespace whose only interface is loopback, so nothing it (or anything it
# starts) does can reach beyond this machine. Optionally starts the model simulator inside the same namespace first.
#
#   tools/agents/isolated.sh [--simulator SCENARIO] [--port N] [--log FILE] [--token-gov PATH] -- COMMAND [ARG...]
#
# --simulator  start `token-gov simulator serve --scenario SCENARIO --port N [--log FILE]` before COMMAND and stop it
#              after; COMMAND sees its URL in TOKEN_GOV_SIMULATOR_URL. The port defaults to 18181: the namespace is
#              private, so a fixed port cannot collide with anything outside it.
# --token-gov  how to start token-gov: a token-gov.dll (run with dotnet) or an executable; default: the repo's ./token-gov.
# Exit code: COMMAND's; 3 when no network namespace can be made here (needs root, or unprivileged user namespaces).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if [[ "${TOKEN_GOV_IN_NETNS:-}" != "1" ]]; then
  if unshare -n true 2>/dev/null; then
    exec unshare -n -- env TOKEN_GOV_IN_NETNS=1 "$0" "$@"
  elif unshare -rn true 2>/dev/null; then
    exec unshare -rn -- env TOKEN_GOV_IN_NETNS=1 "$0" "$@"
  fi
  echo "isolated: cannot create a network namespace here (unshare -n needs root; unshare -rn needs unprivileged user namespaces)" >&2
  exit 3
fi

scenario="" port=18181 log="" token_gov="$root/token-gov"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --simulator) scenario="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    --token-gov) token_gov="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "isolated: unknown option $1 (usage: isolated.sh [--simulator FILE] [--port N] [--log FILE] [--token-gov PATH] -- COMMAND...)" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "isolated: no command given after --" >&2; exit 2; }

ip link set lo up

sim_pid=""
stop_simulator() {
  if [[ -n "$sim_pid" ]]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
}
trap stop_simulator EXIT

if [[ -n "$scenario" ]]; then
  launcher=("$token_gov")
  [[ "$token_gov" == *.dll ]] && launcher=(dotnet "$token_gov")
  args=(simulator serve --scenario "$scenario" --port "$port")
  [[ -n "$log" ]] && args+=(--log "$log")
  out="$(mktemp)"
  "${launcher[@]}" "${args[@]}" >"$out" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 600); do
    url="$(grep -m1 -o 'http://127\.0\.0\.1:[0-9]*' "$out" || true)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$sim_pid" 2>/dev/null; then
      cat "$out" >&2
      echo "isolated: the simulator exited before it was ready" >&2
      exit 1
    fi
    sleep 0.1
  done
  [[ -n "${url:-}" ]] || { cat "$out" >&2; echo "isolated: the simulator printed no URL within 60 s" >&2; exit 1; }
  export TOKEN_GOV_SIMULATOR_URL="$url"
fi

set +e
"$@"
rc=$?
set -e
exit "$rc"
