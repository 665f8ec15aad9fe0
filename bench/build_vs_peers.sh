#!/usr/bin/env bash
# Time `levers build` against its peers (Hugo; gray-matter + markdown-it) and the I/O floor (cat)
# on the same generated guides, in ONE hyperfine run, and print ratios. See bench/README.md.
#
# Usage (from the repo root):
#   bench/build_vs_peers.sh [N=10000] [LEVERS=build/apps/levers/levers]
# Arguments may be positional (`bench/build_vs_peers.sh 2000 skip`) or KEY=VALUE
# (`bench/build_vs_peers.sh N=2000 LEVERS=skip`). LEVERS=skip leaves levers out.
# Environment knobs: MIN_RUNS (default 3), WARMUP (default 1), BENCH_SCRATCH (scratch dir,
# default ${TMPDIR:-/tmp}/levers-bench), BENCH_RESULTS (default build/bench).
set -euo pipefail

die() { echo "build_vs_peers: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

INVOKED_FROM=$(pwd)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$REPO/../shared" 2>/dev/null && pwd) || die "shared folder not found at $REPO/../shared"
ANCHORS=$SHARED/anchors
GEN_GUIDES=$SHARED/tools/gen-guides

# ---- arguments -------------------------------------------------------------------------------
N=10000
LEVERS=""
pos=0
for arg in "$@"; do
  case $arg in
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    N=*) N=${arg#N=} ;;
    LEVERS=*) LEVERS=${arg#LEVERS=} ;;
    *=*) die "unknown argument '$arg' (expected N=... or LEVERS=...)" ;;
    *) case $pos in
         0) N=$arg ;;
         1) LEVERS=$arg ;;
         *) die "too many arguments; usage: bench/build_vs_peers.sh [N=10000] [LEVERS=build/apps/levers/levers]" ;;
       esac
       pos=$((pos + 1)) ;;
  esac
done
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"

if [[ -z $LEVERS ]]; then
  LEVERS=$REPO/build/apps/levers/levers
elif [[ $LEVERS != skip && $LEVERS != /* ]]; then
  LEVERS=$INVOKED_FROM/$LEVERS
fi
if [[ $LEVERS != skip && ! -x $LEVERS ]]; then
  die "levers binary not found or not executable: $LEVERS
Build it first (from the repo root):
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build
or pass LEVERS=skip to time only the peers."
fi

MIN_RUNS=${MIN_RUNS:-3}
WARMUP=${WARMUP:-1}
SCRATCH=${BENCH_SCRATCH:-${TMPDIR:-/tmp}/levers-bench}
RESULTS=${BENCH_RESULTS:-$REPO/build/bench}
case $SCRATCH in "$SHARED"|"$SHARED"/*) die "scratch dir must not be inside $SHARED" ;; esac

# ---- tools -------------------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v hugo >/dev/null || missing+=(hugo)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  say "installing ${missing[*]} with apt-get"
  [[ $(id -u) == 0 ]] || die "need root to apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PEERS_DIR=$REPO/bench/peers
NODE_MODULES=$PEERS_DIR/node_modules
if [[ ! -f $NODE_MODULES/.package-lock.json || $PEERS_DIR/package.json -nt $NODE_MODULES/.package-lock.json ||
      ( -f $PEERS_DIR/package-lock.json && $PEERS_DIR/package-lock.json -nt $NODE_MODULES/.package-lock.json ) ]]; then
  say "installing gray-matter + markdown-it in bench/peers"
  if [[ -f $PEERS_DIR/package-lock.json ]]; then
    (cd "$PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$PEERS_DIR" && npm install --no-audit --no-fund --loglevel=error)
  fi
fi
NODE_PATH=$NODE_MODULES node -e "require('gray-matter'); require('markdown-it')" ||
  die "gray-matter/markdown-it not loadable from $NODE_MODULES"

# ---- input ------------------------------------------------------------------------------------
mkdir -p "$SCRATCH" "$RESULTS"
GUIDES=$SCRATCH/guides-$N
count_files() { find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l; }
if [[ -d $GUIDES && $(count_files "$GUIDES") -eq $N ]]; then
  say "reusing $N guides in $GUIDES"
else
  say "generating $N guides in $GUIDES"
  rm -rf "$GUIDES"
  "$GEN_GUIDES" "$GUIDES" "$N"
  [[ $(count_files "$GUIDES") -eq $N ]] || die "gen-guides wrote $(count_files "$GUIDES") files, expected $N"
fi
say "input: $N guides, $(du -sh "$GUIDES" | cut -f1)"

# Hugo's site is copied out of read-only ../shared; only the copy is ever written to.
SITE=$SCRATCH/hugo-site
rm -rf "$SITE"
cp -r "$ANCHORS/hugo-site" "$SITE"
chmod -R u+w "$SITE"

OUT_LEVERS=$SCRATCH/out-levers
OUT_HUGO=$SCRATCH/out-hugo
OUT_NODE=$SCRATCH/out-gray-matter

q() { printf '%q' "$1"; }

# ---- one hyperfine run for all commands --------------------------------------------------------
# Every command gets its own --prepare (hyperfine needs one per command when given more than once).
# Hugo: the content copy is part of what Hugo needs, but it happens in --prepare, so only
# `hugo` itself is timed.
names=(cat)
cmds=("find $(q "$GUIDES") -type f -exec cat {} + >/dev/null")
preps=(true)
if [[ $LEVERS != skip ]]; then
  names+=(levers)
  cmds+=("$(q "$LEVERS") build $(q "$GUIDES") $(q "$OUT_LEVERS")")
  preps+=("rm -rf $(q "$OUT_LEVERS")")
fi
names+=(hugo)
cmds+=("hugo --quiet -s $(q "$SITE") -d $(q "$OUT_HUGO")")
preps+=("rm -rf $(q "$OUT_HUGO") $(q "$SITE/content") $(q "$SITE/public") && mkdir -p $(q "$SITE/content") && cp -r $(q "$GUIDES") $(q "$SITE/content/guides")")
names+=(gray-matter)
cmds+=("NODE_PATH=$(q "$NODE_MODULES") node $(q "$ANCHORS/gray-matter-compile.js") $(q "$GUIDES") $(q "$OUT_NODE")")
preps+=("rm -rf $(q "$OUT_NODE")")

JSON=$RESULTS/build_vs_peers-$N.json
MD=$RESULTS/build_vs_peers-$N.md
args=(--warmup "$WARMUP" --min-runs "$MIN_RUNS" --export-json "$JSON" --export-markdown "$MD")
for i in "${!cmds[@]}"; do args+=(--prepare "${preps[$i]}"); done
for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
say "hyperfine: ${names[*]} (warmup $WARMUP, min runs $MIN_RUNS)"
hyperfine "${args[@]}"

# Sanity: every tool produced one page per guide (levers/Hugo: + index.html).
check_out() {
  local name=$1 dir=$2 ext=$3 got
  got=$(find "$dir" -type f -name "*.$ext" | wc -l)
  if ((got < N)); then die "$name wrote $got .$ext files for $N guides in $dir"; fi
}
if [[ $LEVERS != skip ]]; then
  check_out levers "$OUT_LEVERS" html
  for f in index.html guides.json; do [[ -f $OUT_LEVERS/$f ]] || die "levers wrote no $f in $OUT_LEVERS"; done
fi
check_out hugo "$OUT_HUGO" html
check_out gray-matter "$OUT_NODE" html

# ---- peak RSS (one run each, /usr/bin/time -v) -------------------------------------------------
RSS=$RESULTS/build_vs_peers-$N.rss.txt
: >"$RSS"
for i in "${!cmds[@]}"; do
  [[ ${names[$i]} == cat ]] && continue
  sh -c "${preps[$i]}"
  # The tools' findings and progress go to a file, shown only if the run fails.
  /usr/bin/time -v -o "$SCRATCH/time.txt" sh -c "${cmds[$i]}" >"$SCRATCH/rss-run.log" 2>&1 ||
    { tail -20 "$SCRATCH/rss-run.log" >&2; die "${names[$i]} failed in the peak-RSS run"; }
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$SCRATCH/time.txt")
  echo "${names[$i]} $kb" >>"$RSS"
done

# ---- ratios from the exported JSON --------------------------------------------------------------
python3 - "$JSON" "$RSS" "$N" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rss = dict(line.split() for line in open(sys.argv[2]) if line.strip())
n = sys.argv[3]
med = {k: r["median"] for k, r in results.items()}
print(f"\nMedians ({n} guides, one hyperfine run; compare ratios, not absolute times):")
for k, r in results.items():
    mem = f"   peak RSS {int(rss[k]) / 1024:7.1f} MiB" if k in rss else ""
    print(f"  {k:<12} {r['median']:8.3f} s  (runs {len(r['times'])}, user {r['user']:.2f} s, sys {r['system']:.2f} s){mem}")
pairs = [("hugo", "levers"), ("gray-matter", "levers"), ("levers", "cat")]
if "levers" not in med:
    print("\nlevers skipped (LEVERS=skip); peer ratios instead:")
    pairs = [("hugo", "gray-matter"), ("hugo", "cat"), ("gray-matter", "cat")]
print(f"\n  {'ratio':<22} {'value':>8}   {'numerator':>10} {'denominator':>12}")
for a, b in pairs:
    print(f"  {a + ' / ' + b:<22} {med[a] / med[b]:8.2f}x  {med[a]:9.3f} s {med[b]:11.3f} s")
if "levers" in rss:
    print(f"\nlevers peak RSS (one run, /usr/bin/time -v): {int(rss['levers']) / 1024:.1f} MiB ({rss['levers']} KiB)")
EOF
say "results: $JSON, $MD, $RSS"
