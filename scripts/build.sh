#!/usr/bin/env bash
# Configures and builds levers in build/ (Release, Ninja, ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
fi
cmake --build build -j "$(nproc)"
