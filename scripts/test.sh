#!/usr/bin/env bash
# Builds levers and runs every test: unit, golden (library and CLI), the stores
# (memory, SQLite and a throw-away PostgreSQL), the API, the browser tests, the
# bad-input corpus (with large generated cases) and the fuzz corpus replay.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
# The store tests run against PostgreSQL too: a throw-away server on loopback
# (scripts/pg-test.sh), started here unless LEVERS_TEST_PG_URL already names one.
# A server of this checkout that is already running (started by hand, or by
# another run) is used and left running: only one started here is stopped.
if [[ -z "${LEVERS_TEST_PG_URL:-}" ]]; then
  if LEVERS_TEST_PG_URL="$(bash scripts/pg-test.sh url)"; then
    export LEVERS_TEST_PG_URL
  elif LEVERS_TEST_PG_URL="$(bash scripts/pg-test.sh start)"; then
    export LEVERS_TEST_PG_URL
    trap 'bash scripts/pg-test.sh stop' EXIT
  else
    unset LEVERS_TEST_PG_URL
    echo "levers: no PostgreSQL for the tests; its store tests are skipped" >&2
  fi
fi
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
