#!/usr/bin/env python3
"""`levers serve` gives a retired generation's memory back to the system.

Generates 3000 guides (../shared/tools/gen-guides), imports them into a
temporary SQLite file, serves them with --reload-interval 0.2, then imports
the 10 bundled guides and waits for /api/health to report that import. The
server's resident memory must then be under half of what it was with 3000
guides: tcmalloc keeps what a corpus freed unless it is told to release it.
Skipped when the binary does not run on tcmalloc (LEVERS_TCMALLOC off,
sanitizer builds) or when gen-guides is absent.

Usage: serve_memory_test.py LEVERS_BINARY SOURCE_DIR
Bounded: every request has a timeout and the whole run stops after 120 s.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from server_checks import ServerChecks

LEVERS, SOURCE = sys.argv[1], sys.argv[2]
GEN = os.path.join(SOURCE, "../shared/tools/gen-guides")
SKIP = 77


ServerChecks(limit_s=120)

if not os.access(GEN, os.X_OK):
    print("skipped: no", GEN)
    sys.exit(SKIP)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def health(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as r:
        return json.load(r)


tmp = tempfile.mkdtemp(prefix="levers-memory-")
server = None
try:
    guides = os.path.join(tmp, "g")
    subprocess.run([GEN, guides, "3000"], check=True, capture_output=True, timeout=60)
    db = "sqlite:" + os.path.join(tmp, "levers.db")
    subprocess.run([LEVERS, "import", guides, "--db", db], check=True, capture_output=True,
                   timeout=60)
    server = subprocess.Popen([LEVERS, "serve", "--db", db, "--listen", "127.0.0.1:0",
                               "--reload-interval", "0.2"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    with open(f"/proc/{server.pid}/maps") as f:
        if "tcmalloc" not in f.read():
            print("skipped: levers does not run on tcmalloc")
            sys.exit(SKIP)
    assert health(port)["guides"] == 3000
    big = rss_mb(server.pid)
    subprocess.run([LEVERS, "import", os.path.join(SOURCE, "data/guides"), "--db", db],
                   check=True, capture_output=True, timeout=60)
    deadline = time.monotonic() + 30
    while health(port)["import_generation"] != 2:
        if time.monotonic() > deadline:
            print("FAIL: the second import was not served within 30 s")
            sys.exit(1)
        time.sleep(0.2)
    # The old generation is freed by the check after the swap at the latest.
    time.sleep(1)
    small = rss_mb(server.pid)
    print(f"resident: {big:.0f} MB with 3000 guides, {small:.0f} MB after switching to "
          f"{health(port)['guides']}")
    if small >= big / 2:
        print("FAIL: the retired generation's memory was kept")
        sys.exit(1)
    print("ok")
finally:
    if server is not None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    shutil.rmtree(tmp, ignore_errors=True)
