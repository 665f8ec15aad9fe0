#!/usr/bin/env bash
# Checks that `node` is Node.js 20 or newer, which the browser tests'
# playwright-core 1.65.1 (tests/browser/package.json) needs. Debian 12's nodejs
# is 18 and Debian has no newer one, so on a plain Debian 12 this fails and
# says what to install. Exit 0 when node is new enough; else the message on
# standard error and exit 1 (with --warn: exit 0, for a caller that only
# builds and serves).
set -euo pipefail
version=$(node --version 2>/dev/null || true)
major=${version#v}
major=${major%%.*}
if [[ $major =~ ^[0-9]+$ ]] && ((major >= 20)); then
  exit 0
fi
message="levers: the browser tests need Node.js 20 or newer (playwright-core 1.65.1, tests/browser/package.json); node --version says '${version:-nothing}'. Debian 12 ships only Node.js 18: install Node.js 20 or newer (a release from https://nodejs.org/, or the nodejs package of https://deb.nodesource.com/), put its node and npm first on PATH, and run this again"
if [[ ${1:-} == --warn ]]; then
  echo "$message (not needed to build and serve; going on)" >&2
  exit 0
fi
echo "$message" >&2
exit 1
