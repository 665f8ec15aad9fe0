#!/usr/bin/env bash
# levers serve under load, side by side with nginx serving the same guide JSON
# as a static file, in one run on loopback (docs/performance.md).
#
#   bench/load_vs_nginx.sh                      # 30 s per case, 64 and 256 connections
#   DURATION=10s CONNECTIONS="64" bench/load_vs_nginx.sh
#
# Cases, each with `wrk -t2 --latency` (Debian wrk) against 127.0.0.1:
#   GET  a guide's JSON from levers serve   (sqlite store with the bundled guides)
#   GET  the same bytes from nginx           (a static file, 2 workers, keep-alive)
#   POST /api/offers/evaluate to levers      (data/offers/paris-offer-eur.json, wrk Lua script)
# Prints requests/s, p50/p99 latency and errors per case, and levers/nginx ratios.
# Installs wrk and nginx-light when missing (needs root). Everything it starts
# listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
LEVERS=${LEVERS:-build/apps/levers/levers}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-"64 256"}
THREADS=${THREADS:-2}          # levers serve threads; nginx gets as many workers
SERVE_ARGS=${SERVE_ARGS:-}     # more levers serve flags, e.g. --reload-interval 0
GUIDE_ID=${GUIDE_ID:-hugging-face-enterprise--engineering-manager}

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null; then
    pkg=$tool
    [[ $tool == nginx ]] && pkg=nginx-light
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  fi
done
[[ -x $LEVERS ]] || { echo "no levers binary at $LEVERS (build first)" >&2; exit 2; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/levers-load.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# levers: the bundled guides imported into SQLite, then served.
"$LEVERS" import data/guides --db "sqlite:$scratch/levers.db" >/dev/null
"$LEVERS" serve --db "sqlite:$scratch/levers.db" --listen 127.0.0.1:0 --threads "$THREADS" ${SERVE_ARGS:-} \
  >"$scratch/serve.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q 'http://' "$scratch/serve.out" && break; sleep 0.1; done
levers_base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$scratch/serve.out")

# nginx: the very bytes levers answers, as a static file.
mkdir -p "$scratch/www" "$scratch/nginx"
chmod 755 "$scratch" "$scratch/www"  # nginx workers run as www-data
curl -sf "$levers_base/api/guides/$GUIDE_ID" -o "$scratch/www/guide.json"
chmod 644 "$scratch/www/guide.json"
nginx_port=$(free_port)
cat >"$scratch/nginx/nginx.conf" <<EOF
worker_processes $THREADS;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  open_file_cache max=64 inactive=60s;
  open_file_cache_valid 60s;
  keepalive_requests 100000000;
  keepalive_timeout 65;
  client_body_temp_path $scratch/nginx/body;
  proxy_temp_path $scratch/nginx/proxy;
  fastcgi_temp_path $scratch/nginx/fastcgi;
  uwsgi_temp_path $scratch/nginx/uwsgi;
  scgi_temp_path $scratch/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $scratch/www;
  }
}
EOF
nginx -c "$scratch/nginx/nginx.conf" -p "$scratch/nginx" &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/guide.json" -o /dev/null && break; sleep 0.1; done
[[ -s $scratch/nginx/error.log ]] && cat "$scratch/nginx/error.log" >&2
cmp <(curl -sf "http://127.0.0.1:$nginx_port/guide.json") "$scratch/www/guide.json"

python3 - "$scratch/post.lua" data/offers/paris-offer-eur.json <<'EOF'
import sys
body = open(sys.argv[2]).read()
assert "]]" not in body
open(sys.argv[1], "w").write(
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[' + body + ']]\n')
EOF
curl -sf -X POST -H 'Content-Type: application/json' --data-binary @data/offers/paris-offer-eur.json \
  "$levers_base/api/offers/evaluate" -o /dev/null

echo "input: $(wc -c <"$scratch/www/guide.json") bytes of guide JSON ($GUIDE_ID); POST body data/offers/paris-offer-eur.json"
echo "wrk -t2 -d$DURATION --latency; levers serve --threads $THREADS; nginx $THREADS workers; $(nproc) cores shared by all"
printf '%-34s %6s %12s %10s %10s %8s\n' case conns 'req/s' p50 p99 errors

# Runs wrk; prints a row and leaves "rps p99_ms errors" in $result.
run() {
  local label=$1 conns=$2 url=$3 script=${4:-}
  local args=(-t2 -c"$conns" -d"$DURATION" --latency --timeout 5s)
  [[ -n $script ]] && args+=(-s "$script")
  wrk "${args[@]}" "$url" >"$scratch/wrk.out" 2>&1
  result=$(python3 - "$scratch/wrk.out" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = float(re.match(r"[\d.]+", v).group()), re.sub(r"[\d.]+", "", v)
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
err = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", t))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err += int(m.group(1)) if m else 0
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {err}")
EOF
)
  read -r rps p50 p99 errs <<<"$result"
  printf '%-34s %6s %12s %8sms %8sms %8s\n' "$label" "$conns" "$rps" "$p50" "$p99" "$errs"
}

summary=()
for c in $CONNECTIONS; do
  run "GET guide  levers serve" "$c" "$levers_base/api/guides/$GUIDE_ID"; l=($rps $p50 $p99 $errs)
  run "GET guide  nginx (static file)" "$c" "http://127.0.0.1:$nginx_port/guide.json"; n=($rps $p50 $p99 $errs)
  run "POST evaluate  levers serve" "$c" "$levers_base/api/offers/evaluate" "$scratch/post.lua"; p=($rps $p50 $p99 $errs)
  ratio=$(python3 -c "print(f'{${l[0]}/${n[0]}:.2f}')")
  summary+=("c=$c: GET levers/nginx = $ratio (${l[0]} / ${n[0]} req/s), levers GET p99 ${l[2]} ms, POST ${p[0]} req/s p99 ${p[2]} ms, errors GET ${l[3]} POST ${p[3]} nginx ${n[3]}")
done
echo
printf '%s\n' "${summary[@]}"
