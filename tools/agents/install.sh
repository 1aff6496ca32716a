#!/usr/bin/env bash
# Installs the pinned agent CLIs (tools/agents/package-lock.json: Claude Code, Codex, Gemini CLI, Qwen Code,
# opencode) into .tools/agents/, which git ignores.
# Idempotent: does nothing when the installed lock file equals the committed one and every binary is there.
# Prints the folder holding the binaries (.tools/agents/node_modules/.bin) on success;
# on failure says why and exits non-zero.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/tools/agents"
dest="$root/.tools/agents"
bins=(claude codex gemini qwen opencode)
ready() {
  cmp -s "$src/package-lock.json" "$dest/package-lock.json.installed" || return 1
  local bin
  for bin in "${bins[@]}"; do
    [[ -x "$dest/node_modules/.bin/$bin" ]] || return 1
  done
}
mkdir -p "$root/.tools"
# Two test processes may install at once; npm in one folder twice would collide: take turns.
exec 9>"$root/.tools/agents.install.lock"
flock 9
if ! ready; then
  command -v npm >/dev/null || { echo "agents install: npm is not on PATH (needed to install the agent CLIs)" >&2; exit 1; }
  mkdir -p "$dest"
  rm -f "$dest/package-lock.json.installed"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  # npm install, not npm ci: npm 11 leaves other platforms' optional packages out of the lock and then npm ci
  # refuses it; with the lock present npm install still takes the locked versions.
  # No install scripts: the native binaries come in the platform packages, and the scripts would reach out.
  if ! (cd "$dest" && npm install --ignore-scripts --no-save --no-audit --no-fund --loglevel=error >"$dest/install.log" 2>&1); then
    cat "$dest/install.log" >&2
    echo "agents install: npm install failed in $dest (log above)" >&2
    exit 1
  fi
  # Claude Code's and opencode's bin entries are stubs until their install scripts link the binary from the
  # platform package npm already put in place; those two scripts only link local files, so run just them.
  (cd "$dest/node_modules/@anthropic-ai/claude-code" && node install.cjs) >>"$dest/install.log" 2>&1 || true
  (cd "$dest/node_modules/opencode-ai" && node postinstall.mjs) >>"$dest/install.log" 2>&1 || true
  for bin in "${bins[@]}"; do
    if ! "$dest/node_modules/.bin/$bin" --version >/dev/null 2>&1; then
      echo "agents install: $bin does not run here ($dest/node_modules/.bin/$bin --version failed)" >&2
      exit 1
    fi
  done
  cp "$src/package-lock.json" "$dest/package-lock.json.installed"
fi
echo "$dest/node_modules/.bin"
