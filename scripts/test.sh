#!/usr/bin/env bash
# Builds levers and runs every test: unit, golden (library and CLI), the
# bad-input corpus (with large generated cases) and the fuzz corpus replay.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
