#!/usr/bin/env bash
# Installs the pinned ccusage and bun (tools/ccusage/package-lock.json) into .tools/ccusage/, which git ignores.
# Idempotent: does nothing when the installed lock file equals the committed one and both programs are there.
# Prints the install folder on success; on failure says why and exits non-zero.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/tools/ccusage"
dest="$root/.tools/ccusage"
ready() {
  [[ -f "$dest/node_modules/ccusage/dist/index.js" && -x "$dest/node_modules/.bin/bun" ]] \
    && cmp -s "$src/package-lock.json" "$dest/package-lock.json.installed"
}
mkdir -p "$root/.tools"
# Two installs at once (two test processes) would both run npm in the same folder: take turns.
exec 9>"$root/.tools/ccusage.install.lock"
flock 9
if ! ready; then
  command -v npm >/dev/null || { echo "ccusage install: npm is not on PATH (needed to install ccusage 19.0.3 and bun for the parity tests)" >&2; exit 1; }
  mkdir -p "$dest"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  if ! (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >"$dest/install.log" 2>&1); then
    cat "$dest/install.log" >&2
    echo "ccusage install: npm ci failed in $dest (log above)" >&2
    exit 1
  fi
  if ! "$dest/node_modules/.bin/bun" --version >/dev/null 2>&1; then
    echo "ccusage install: the bun binary from npm does not run here ($dest/node_modules/.bin/bun)" >&2
    exit 1
  fi
  cp "$src/package-lock.json" "$dest/package-lock.json.installed"
fi
echo "$dest"
