#!/usr/bin/env bash
# The browser tests: installs playwright-core from the committed lock file into
# the build tree (npm ci, only when the lock changed), then runs run.mjs in
# Debian's Chromium. Screenshots go to WORK_DIR/artifacts.
#
# Usage: run_browser_tests.sh SOURCE_DIR WORK_DIR LEVERS_BIN
set -euo pipefail
src=$1 work=$2 levers=$3
here="$src/tests/browser"
[[ -x /usr/bin/chromium ]] || { echo "browser tests: /usr/bin/chromium is missing (scripts/setup-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [[ ! -d "$work/node_modules/playwright-core" ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
rm -rf "$work/artifacts"
exec node "$here/run.mjs" --node-modules "$work/node_modules" --artifacts "$work/artifacts" \
  --source "$src" --levers "$levers"
