#!/usr/bin/env bash
# levers bands build against DuckDB (../shared/anchors/duckdb-bands.mjs) on the
# same Levels.fyi-format CSV at 1x, 16x and 10M rows, in one hyperfine run per
# size, both on 2 threads; then the two in turn (A B A B ...) under /usr/bin/time
# for pair-by-pair ratios and each one's peak RSS (%M: the "Maximum resident set
# size" of /usr/bin/time -v).
#
#   bash bench/bands_vs_duckdb.sh [BUILD_DIR] [DATA_DIR]
#
# Needs: hyperfine and time (Debian), node and npm; installs @duckdb/node-api
# into bench/bands/node_modules from bench/bands/package-lock.json. The inputs
# (about 2.3 GB) are written by bench/bands_make_inputs.py into DATA_DIR
# (default build/bench-bands), never committed. Results: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-$build/bench-bands}
shared=../shared
levers=$build/apps/levers/levers
[[ -x $levers ]] || { echo "build levers first ($levers)" >&2; exit 2; }
[[ -f $shared/data/levels_fyi_salaries_2017_2021.csv ]] || { echo "no $shared/data" >&2; exit 2; }
# npm install (not npm ci): npm 11's ci refuses this lock file, which leaves out
# DuckDB's bindings for other platforms; install still takes the locked versions.
(cd bench/bands && [[ -d node_modules/@duckdb/node-api ]] || npm install --no-audit --no-fund >/dev/null)
# ESM resolves packages from the script's folder: run a copy beside node_modules.
cp $shared/anchors/duckdb-bands.mjs bench/bands/duckdb-bands.local.mjs
python3 bench/bands_make_inputs.py $shared/data/levels_fyi_salaries_2017_2021.csv "$data"

runs=${RUNS:-5}
for size in 1x 16x 10m; do
  csv=$data/levels_$size.csv
  [[ $size == 10m ]] && runs=${RUNS_10M:-3}
  hyperfine --warmup 1 --runs "$runs" --export-markdown "$data/hyperfine_$size.md" \
    -n "levers $size" "$levers bands build $csv --as-of 2021-12-31 --by company,title,level --jobs 2 --format csv -o /dev/null --show-rejects 0" \
    -n "duckdb $size" "node bench/bands/duckdb-bands.local.mjs $csv 2 > /dev/null"
done
# The machines are shared: also time the two in turn (A B A B ...), so a
# change in the machine's load hits both, and report the median of the
# pair-by-pair ratios of wall time, CPU time and peak RSS.
pairs=${PAIRS:-5}
for size in 1x 16x 10m; do
  csv=$data/levels_$size.csv
  n=$pairs
  [[ $size == 10m ]] && n=${PAIRS_10M:-3}
  log=$data/pairs_$size.txt
  : > "$log"
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f "levers %e %U %S %M" -a -o "$log" "$levers" bands build "$csv" --as-of 2021-12-31 \
      --by company,title,level --jobs 2 --format csv -o /dev/null --show-rejects 0
    /usr/bin/time -f "duckdb %e %U %S %M" -a -o "$log" node bench/bands/duckdb-bands.local.mjs "$csv" 2 > /dev/null
  done
  python3 - "$log" "$size" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.split() and l.split()[0] in ("levers", "duckdb")]
lv = [r for r in rows if r[0] == "levers"]
dk = [r for r in rows if r[0] == "duckdb"]
def med(xs): return statistics.median(xs)
wall = med([float(d[1]) / float(l[1]) for l, d in zip(lv, dk)])
cpu = med([(float(d[2]) + float(d[3])) / (float(l[2]) + float(l[3])) for l, d in zip(lv, dk)])
print(f"{sys.argv[2]}: {len(lv)} pairs; levers wall {med([float(l[1]) for l in lv]):.2f} s, "
      f"duckdb {med([float(d[1]) for d in dk]):.2f} s; duckdb/levers wall x{wall:.2f}, cpu x{cpu:.2f}; "
      f"peak RSS levers {med([int(l[4]) for l in lv]) // 1024} MB, duckdb {med([int(d[4]) for d in dk]) // 1024} MB")
PY
done
