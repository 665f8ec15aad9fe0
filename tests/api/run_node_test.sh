#!/usr/bin/env bash
# Runs one of the API's Node tests after installing its npm packages.
# Usage: run_node_test.sh TEST.mjs ARGS...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup.sh"
exec node "$here/$1" "${@:2}"
