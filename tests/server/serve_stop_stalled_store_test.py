#!/usr/bin/env python3
"""`levers serve` over a store whose network stalls: its reload check fails at
its deadline and says so, and a stop does not wait for a check under way.

Serves a PostgreSQL store (a schema of its own in LEVERS_TEST_PG_URL's
database) through a TCP relay on 127.0.0.1, with --reload-interval 0.2. Then
the relay stops forwarding (a stalled network): the next check waits for an
answer that never comes.

- `stop` (the default): SIGTERM must end the process within the documented
  2 s (5 s allowed here), exit 0, and say that the check under way was
  abandoned.
- `deadline`: the check must fail after its 10 s deadline (and at most the
  2 s wait for the cancel request) with one line on stderr naming it, and the
  server go on serving; /api/health then says "degraded" with that error, and
  "ok" again once the relay forwards again.

Usage: serve_stop_stalled_store_test.py LEVERS_BINARY [stop|deadline]
Exits 77 (skipped) without LEVERS_TEST_PG_URL. Bounded: the run stops after 60 s.
"""

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from server_checks import ServerChecks

LEVERS = sys.argv[1]
MODE = sys.argv[2] if len(sys.argv) > 2 else "stop"
BASE = os.environ.get("LEVERS_TEST_PG_URL", "")
if not BASE:
    print("skipped: LEVERS_TEST_PG_URL is not set (bash scripts/pg-test.sh start prints one)")
    sys.exit(77)


checks = ServerChecks(limit_s=60)

url = urllib.parse.urlsplit(BASE)
schema = "levers_stall_%d" % os.getpid()
stalled = threading.Event()


def psql(sql):
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", BASE, "-c", sql], check=True,
                   capture_output=True, timeout=30)


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            while stalled.is_set():  # hold it: the network stalls
                time.sleep(0.05)
            dst.sendall(data)
    except OSError:
        pass


def relay(listener):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        upstream = socket.create_connection((url.hostname, url.port), timeout=10)
        upstream.settimeout(None)
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


def get_health(address):
    with urllib.request.urlopen("http://%s/api/health" % address, timeout=5) as r:
        checks.check(r.status == 200, "health status %d" % r.status)
        return json.loads(r.read())


psql("CREATE SCHEMA " + schema)
server = None
try:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    threading.Thread(target=relay, args=(listener,), daemon=True).start()
    netloc = url.netloc.rsplit("@", 1)
    host = "127.0.0.1:%d" % listener.getsockname()[1]
    relayed = urllib.parse.urlunsplit(
        (url.scheme, (netloc[0] + "@" + host) if len(netloc) == 2 else host, url.path,
         (url.query + "&" if url.query else "") + "options=-csearch_path%3D" + schema, ""))
    server = subprocess.Popen([LEVERS, "serve", "--db", relayed, "--listen", "127.0.0.1:0",
                               "--reload-interval", "0.2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    serving = re.search(r"serving 0 guides from postgresql at http://(127\.0\.0\.1:\d+)/", line)
    if not serving:
        print("FAIL: no serving line:", line, server.stderr.read(), flush=True)
        sys.exit(1)
    address = serving.group(1)
    if MODE == "deadline":
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in server.stderr], daemon=True).start()
        stalled.set()
        start = time.monotonic()
        try:
            line = lines.get(timeout=30)
        except queue.Empty:
            line = ""
        took = time.monotonic() - start
        checks.check(line == "levers: checking the store for a new import failed (still serving "
                     "import 0): postgresql: the server did not answer within 10 s (levers' "
                     "deadline for a check of the store for a new import); the connection was "
                     "closed\n", "the line on stderr: %r" % line)
        # The check starts within 0.2 s of the stall; then 10 s, and up to 2 s
        # for the cancel request, which the stalled relay never answers.
        checks.check(10 <= took <= 13.5, "the check failed after %.1f s" % took)
        checks.check(server.poll() is None, "serve exited: %s" % server.returncode)
        # /api/health tells: still 200, "degraded", the check's error, and
        # when the store was last reached; "ok" again once it answers (the
        # next check comes 0.4 s after the failed one).
        health = get_health(address)
        checks.check(health.get("status") == "degraded", "health while stalled: %r" % health)
        checks.check(health.get("store_error") == line[len("levers: checking the store for a new "
                                                           "import failed (still serving import "
                                                           "0): "):].rstrip("\n"),
                     "health's error: %r" % health)
        checks.check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                  health.get("store_checked_at") or ""), "checked at: %r" % health)
        stalled.clear()
        deadline = time.monotonic() + 20
        while health.get("status") != "ok" and time.monotonic() < deadline:
            time.sleep(0.2)
            health = get_health(address)
        checks.check(health.get("status") == "ok" and health.get("store_error") is None,
                     "health once the store answers again: %r" % health)
        server.kill()
        server.wait()
        print("FAILED" if checks.failed else "ok", flush=True)
        sys.exit(1 if checks.failed else 0)
    stalled.set()
    time.sleep(1.0)  # a check starts within 0.2 s and blocks
    start = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        out, err = server.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        checks.check(False, "serve still runs 10 s after SIGTERM")
        server.kill()
        out, err = server.communicate()
    took = time.monotonic() - start
    checks.check(took <= 5, "serve took %.1f s to stop" % took)
    checks.check(server.returncode == 0, "exit code %s %s" % (server.returncode, err))
    checks.check(out == "levers: stopped (a check of the store under way was abandoned)\n",
                 "stdout after the serving line: %r" % out)
finally:
    stalled.clear()
    if server and server.poll() is None:
        server.kill()
    psql("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
print("FAILED" if checks.failed else "ok", flush=True)
sys.exit(1 if checks.failed else 0)
