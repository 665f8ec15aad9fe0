#!/usr/bin/env bash
# Installs the API tests' npm packages (tests/api/package-lock.json) when they
# are missing or older than the lock file. Run by scripts/setup-deps.sh and by
# the tests themselves; needs node and npm (Debian: nodejs, npm).
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
