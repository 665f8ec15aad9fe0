#!/usr/bin/env bash
# Installs what levers needs to build and test on Debian 12 (run as root; a no-op
# when everything is present). Used by scripts/run.sh, scripts/test.sh and .ci/run.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config ccache
          libyaml-dev libmd4c-dev libmd4c-html0-dev nlohmann-json3-dev libcli11-dev libfmt-dev
          libgtest-dev libbenchmark-dev libgoogle-perftools-dev clang-format python3
          libcsv-dev)  # libcsv: only for bench/bands_csv_bench, the CSV reader comparison
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
