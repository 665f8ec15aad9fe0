#!/usr/bin/env bash
# The main job: build levers, import the bundled guides (data/guides) into an
# embedded SQLite file (var/levers.db) on first run or when a guide changed,
# then serve the HTTP API (and the web app, when built in) until Ctrl-C.
#   LEVERS_LISTEN=127.0.0.1:9000 bash scripts/run.sh   # another address
set -euo pipefail
cd "$(dirname "$0")/.."
LEVERS_SETUP=run bash scripts/build.sh >/dev/null
levers=build/apps/levers/levers
db=var/levers.db
mkdir -p var
if [[ ! -f $db ]] || [[ -n $(find data/guides -newer "$db" -print -quit) ]]; then
  echo "== levers import data/guides --db sqlite:$db"
  "$levers" import data/guides --db "sqlite:$db"
  touch "$db"
fi
echo "== levers serve --db sqlite:$db"
exec "$levers" serve --db "sqlite:$db" --listen "${LEVERS_LISTEN:-127.0.0.1:8080}"
