#!/usr/bin/env bash
# Fails when any C++ file differs from .clang-format (Google style, 100 columns).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { apt-get install -y -qq clang-format >/dev/null; }
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror
echo "clang-format: clean"
