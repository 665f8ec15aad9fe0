#!/usr/bin/env bash
# The main job: build levers, check the bundled sample corpus and compile it into
# a static site. Prints where the site went.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
out=${1:-out/site}
echo "== levers check data/guides"
# Exit 1 means the corpus has errors: show them, then still build the site.
build/apps/levers/levers check data/guides || [[ $? -eq 1 ]]
echo
echo "== levers build data/guides $out"
build/apps/levers/levers build data/guides "$out" 2>/dev/null
echo "open $(cd "$out" && pwd)/index.html"
