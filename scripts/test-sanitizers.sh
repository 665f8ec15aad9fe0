#!/usr/bin/env bash
# The tests again under sanitizers, as CI runs them after scripts/test.sh:
#   - every ctest entry built with AddressSanitizer + UndefinedBehaviorSanitizer
#     (build-asan/): memory errors, leaks and undefined behaviour anywhere the
#     tests reach, the CLI and server tests included;
#   - the test programs with threads (store, server and reloader, corpus
#     builds) built with ThreadSanitizer (build-tsan/).
# Uses LEVERS_TEST_PG_URL when set (CI starts PostgreSQL), else starts one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ -z "${LEVERS_TEST_PG_URL:-}" ]]; then
  LEVERS_TEST_PG_URL="$(bash scripts/pg-test.sh start)"
  export LEVERS_TEST_PG_URL
  trap 'bash scripts/pg-test.sh stop' EXIT
fi
# tcmalloc off: the sanitizers bring their own allocators.
for type in ASan TSan; do
  dir="build-$(echo "$type" | tr '[:upper:]' '[:lower:]')"
  [[ -f "$dir/build.ninja" ]] ||
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DLEVERS_TCMALLOC=OFF \
      "${launcher[@]}" >/dev/null
done
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
tsan_programs=(levers_unit_tests levers_store_tests levers_server_tests)
cmake --build build-tsan -j "$(nproc)" --target "${tsan_programs[@]}"
for p in "${tsan_programs[@]}"; do
  echo "== ThreadSanitizer: $p"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "build-tsan/tests/$p" --gtest_brief=1
done
