#!/usr/bin/env python3
"""A running `levers serve` picks up a new import by itself, end to end.

Imports three bundled guides into a temporary SQLite file, starts the server
on 127.0.0.1 (any free port) with --reload-interval 0.2, imports a second
folder (one guide changed, one removed, two added) while it runs, and waits
(at most 10 s) until /api/health reports the new import; then the guide list,
the changed guide's JSON and its page must all be of the new import. Also:
a bad --reload-interval is refused with a clear message.

Usage: reload_e2e_test.py LEVERS_BINARY SOURCE_DIR
Bounded: every request has a timeout and the whole run stops after 60 s.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from server_checks import ServerChecks

LEVERS, SOURCE = sys.argv[1], sys.argv[2]
GUIDES = os.path.join(SOURCE, "data/guides")
KEPT = "ambertrail-freight--product-manager"
CHANGED = "brinewick-markets--senior-software-engineer"
REMOVED = "cobblestack-robotics--site-reliability-engineer"
ADDED = ["glimmerfen-health--data-scientist", "tallowmere-payments--security-engineer"]
checks = ServerChecks(limit_s=60)
check = checks.check

tmp = tempfile.mkdtemp(prefix="levers-reload-")
server = None
try:
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    os.makedirs(a)
    os.makedirs(b)
    for gid in (KEPT, CHANGED, REMOVED):
        shutil.copy(os.path.join(GUIDES, gid + ".md"), a)
    for gid in [KEPT] + ADDED:
        shutil.copy(os.path.join(GUIDES, gid + ".md"), b)
    # Two files that are not guides: the health page must still list them.
    open(os.path.join(b, "empty.md"), "w").close()
    with open(os.path.join(b, "binary.md"), "wb") as f:
        f.write(b"\x00\x01binary\x00")
    with open(os.path.join(GUIDES, CHANGED + ".md"), encoding="utf-8") as f:
        text = f.read()
    assert "company_display: Brinewick Markets" in text
    with open(os.path.join(b, CHANGED + ".md"), "w", encoding="utf-8") as f:
        f.write(text.replace("company_display: Brinewick Markets",
                             "company_display: Brinewick Exchange"))

    db = "sqlite:" + os.path.join(tmp, "levers.db")

    def run_import(folder):
        subprocess.run([LEVERS, "import", folder, "--db", db], check=True,
                       capture_output=True, timeout=30)

    for bad in ("-1", "86401", "soon", "0.05"):
        r = subprocess.run([LEVERS, "serve", "--db", db, "--reload-interval", bad],
                           capture_output=True, text=True, timeout=10)
        check(r.returncode != 0 and "--reload-interval" in r.stderr,
              f"--reload-interval {bad}: exit {r.returncode}, stderr {r.stderr!r}")

    run_import(a)
    server = subprocess.Popen(
        [LEVERS, "serve", "--db", db, "--listen", "127.0.0.1:0", "--reload-interval", "0.2"],
        stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m:
        print("FAIL: levers serve printed no address:", line)
        sys.exit(1)
    base = f"http://127.0.0.1:{m.group(1)}"

    def get(path):
        try:
            with urllib.request.urlopen(base + path, timeout=5) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")

    def ids():
        return [g["id"] for g in json.loads(get("/api/guides")[1])["items"]]

    health = json.loads(get("/api/health")[1])
    check(health["guides"] == 3 and health["import_generation"] == 1, f"health before: {health}")
    check(ids() == [KEPT, CHANGED, REMOVED], f"ids before: {ids()}")

    run_import(b)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        health = json.loads(get("/api/health")[1])
        if health["import_generation"] == 2:
            break
        time.sleep(0.05)
    check(health["import_generation"] == 2 and health["guides"] == 4,
          f"the new import was not served within 10 s: {health}")
    check(ids() == [KEPT, CHANGED] + ADDED, f"ids after: {ids()}")
    status, body = get("/api/guides/" + CHANGED)
    check(status == 200 and json.loads(body)["company_display"] == "Brinewick Exchange",
          f"changed guide JSON: {status} {body[:200]}")
    status, body = get("/guides/" + CHANGED)
    check(status == 200 and "Brinewick Exchange" in body, f"changed guide page: {status}")
    check(get("/api/guides/" + REMOVED)[0] == 404, "removed guide still served")
    check(get("/guides/" + REMOVED)[0] == 404, "removed guide's page still served")
    status, body = get("/health")
    check(status == 200 and "empty-file" in body and "binary-file" in body
          and "<td>empty</td>" in body and "<td>binary</td>" in body,
          f"the health page does not list the files that are not guides: {status}")
finally:
    if server is not None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            check(False, "levers serve did not stop on SIGTERM within 10 s")
        check(server.returncode == 0, f"levers serve exited {server.returncode}")
    shutil.rmtree(tmp, ignore_errors=True)

print("reload end to end:", "FAILED" if checks.failed else "ok")
sys.exit(1 if checks.failed else 0)
