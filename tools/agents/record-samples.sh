#!/usr/bin/env bash
# Records what each pinned agent CLI prints against the simulator, for adapter parsers to be tested against real
# output: tests/TokenGovernor.Simulator.Tests/Samples/<cli>/<scenario>.{stdout.jsonl,stderr.txt,served.jsonl}.
# Each run: a throw-away HOME and git repo, the simulator and the CLI inside one loopback-only network namespace.
#   tools/agents/record-samples.sh [cli...]      (default: claude codex gemini qwen opencode)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$("$root/tools/agents/install.sh")"
dotnet build "$root/src/TokenGovernor.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
dll="$root/src/TokenGovernor.Cli/bin/Release/net10.0/token-gov.dll"
samples="$root/tests/TokenGovernor.Simulator.Tests/Samples"
base=http://127.0.0.1:18181

declare -A scenario=(
  [text]='["Hello from the simulator!"]'
  [write]='[{"text": "I'"'"'ll create the file.", "action": "write_file", "path": "hello.txt", "content": "hello from the simulator\n", "usage": {"input_tokens": 1500, "output_tokens": 80, "cache_read_input_tokens": 4000, "cache_creation_input_tokens": 200, "reasoning_tokens": 10}}, {"text": "Created hello.txt.", "usage": {"input_tokens": 1700, "output_tokens": 12, "cache_read_input_tokens": 5500}}]'
  [ratelimit]='[{"error": "rate_limit", "retry_after": 1, "times": -1}]'
)
declare -A prompt=([text]="say hi" [write]="create hello.txt" [ratelimit]="say hi")

run() { # cli name, then env assignments and argv after --
  local cli="$1" name="$2"; shift 2
  local work; work="$(mktemp -d /tmp/token-gov-sample-XXXXXX)"
  mkdir -p "$work/home" "$work/repo" "$samples/$cli"
  git -C "$work/repo" init -q
  printf '%s' "${scenario[$name]}" >"$work/scenario.json"
  setup_"$cli" "$work"
  local envs=() args=()
  while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  args=("$@")
  set +e
  (cd "$work/repo" && env HOME="$work/home" CODEX_HOME="$work/home/.codex" OPENCODE_CONFIG="$work/home/opencode.json" "${envs[@]}" "$root/tools/agents/isolated.sh" --simulator "$work/scenario.json" \
     --log "$work/served.jsonl" --token-gov "$dll" -- timeout 150 "$bin/$cli" "${args[@]}" \
     </dev/null >"$samples/$cli/$name.stdout.jsonl" 2>"$samples/$cli/$name.stderr.txt")
  local rc=$?
  set -e
  cp "$work/served.jsonl" "$samples/$cli/$name.served.jsonl" 2>/dev/null || true
  echo "$cli $name: exit $rc" | tee "$samples/$cli/$name.exit.txt"
  rm -rf "$work"
}

setup_claude() { :; }
setup_codex() {
  mkdir -p "$1/home/.codex"
  cat >"$1/home/.codex/config.toml" <<TOML
model = "gpt-5.5"
model_provider = "sim"
check_for_update_on_startup = false
[analytics]
enabled = false
[features]
plugins = false
remote_plugin = false
[model_providers.sim]
name = "sim"
base_url = "$base/v1"
env_key = "SIM_API_KEY"
wire_api = "responses"
request_max_retries = 1
stream_max_retries = 1
TOML
}
setup_gemini() {
  mkdir -p "$1/home/.gemini"
  echo '{"security":{"auth":{"selectedType":"gemini-api-key"}},"privacy":{"usageStatisticsEnabled":false},"general":{"maxAttempts":2}}' >"$1/home/.gemini/settings.json"
}
setup_qwen() {
  mkdir -p "$1/home/.qwen"
  echo '{"privacy":{"usageStatisticsEnabled":false},"model":{"generationConfig":{"maxRetries":0}}}' >"$1/home/.qwen/settings.json"
}
setup_opencode() {
  cat >"$1/home/opencode.json" <<JSON
{"\$schema": "https://opencode.ai/config.json",
 "provider": {"sim": {"npm": "@ai-sdk/openai-compatible", "name": "sim",
   "options": {"baseURL": "$base/v1", "apiKey": "sk-sim"},
   "models": {"sim-model": {"name": "Simulated Model", "limit": {"context": 200000, "output": 32000}}}}},
 "model": "sim/sim-model", "small_model": "sim/sim-model", "autoupdate": false, "share": "disabled"}
JSON
}

record() {
  local cli="$1" name="$2" p="${prompt[$2]}"
  case "$cli" in
    claude) run claude "$name" ANTHROPIC_BASE_URL=$base ANTHROPIC_API_KEY=sk-sim CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
        DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 CLAUDE_CODE_MAX_RETRIES=1 -- \
        -p "$p" --output-format stream-json --verbose --permission-mode acceptEdits ;;
    codex) run codex "$name" SIM_API_KEY=sk-sim -- exec --json --skip-git-repo-check --sandbox workspace-write "$p" ;;
    gemini) run gemini "$name" GOOGLE_GEMINI_BASE_URL=$base GEMINI_API_KEY=sk-sim GEMINI_CLI_TRUST_WORKSPACE=true -- \
        -p "$p" --output-format stream-json -m gemini-2.5-flash --approval-mode yolo ;;
    qwen) run qwen "$name" OPENAI_API_KEY=sk-sim OPENAI_BASE_URL=$base/v1 OPENAI_MODEL=sim-model -- \
        --auth-type openai -o stream-json --yolo "$p" ;;
    opencode) run opencode "$name" OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_LSP_DOWNLOAD=1 \
        npm_config_offline=true -- run --format json -m sim/sim-model "$p" ;;
  esac
}

clis=("$@")
[[ ${#clis[@]} -gt 0 ]] || clis=(claude codex gemini qwen opencode)
for cli in "${clis[@]}"; do
  for name in text write ratelimit; do
    # Qwen Code retries a 429 for minutes whatever its settings say (ENV-agents.md §4.4): no rate-limit sample.
    [[ "$cli/$name" == qwen/ratelimit ]] && continue
    record "$cli" "$name"
  done
done
