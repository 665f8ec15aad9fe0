#!/usr/bin/env bash
# Installs what levers needs to build and test on Debian 12 (run as root; a no-op
# when everything is present). Used by scripts/run.sh, scripts/test.sh and .ci/run.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config ccache
          libyaml-dev libmd4c-dev libmd4c-html0-dev nlohmann-json3-dev libcli11-dev libfmt-dev
          libgtest-dev libbenchmark-dev libgoogle-perftools-dev clang-format python3
          libsqlite3-dev libpq-dev postgresql
          libboost1.81-dev)
# The web app's browser tests (tests/browser): Debian's Chromium, and node with
# npm to install playwright-core from tests/browser/package-lock.json.
packages+=(chromium)
command -v npm >/dev/null || packages+=(nodejs npm)
# libcsv: only for bench/bands_csv_bench, the CSV reader comparison
packages+=(libcsv-dev)
# readelf, for the test that the levers binary does not link libpq (g++ brings it too)
packages+=(binutils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "levers: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "levers: need root to apt-get install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The API tests check the OpenAPI document with validators from npm
# (tests/api/package.json); node and npm come from Debian when absent.
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "levers: installing nodejs npm" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "levers: need root to apt-get install: nodejs npm" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
bash "$(dirname "$0")/../tests/api/setup.sh"

# The browser tests need Node.js 20 or newer (scripts/check-node.sh);
# scripts/run.sh, which only builds and serves, sets LEVERS_SETUP=run.
if [[ ${LEVERS_SETUP:-} == run ]]; then
  bash "$(dirname "$0")/check-node.sh" --warn
else
  bash "$(dirname "$0")/check-node.sh"
fi
