#!/usr/bin/env python3
"""`levers import` into PostgreSQL when the connection drops while it waits for
the answer to COMMIT: the server has committed, levers cannot know it. The
import must say its outcome is unknown (exit 3), never that the store is as it
was, and `levers store-info` must show the import the store holds. A failure
before COMMIT still says the store is as it was (exit 2).

Imports through a TCP relay on 127.0.0.1 that closes both connections once it
has passed a COMMIT on to the server. Works in a schema of its own of
LEVERS_TEST_PG_URL's database, dropped after.

Usage: import_commit_lost_test.py LEVERS_BINARY SOURCE_DIR
Exits 77 (skipped) without LEVERS_TEST_PG_URL. Every run is bounded in time.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import urllib.parse

LEVERS, SOURCE = sys.argv[1], sys.argv[2]
BASE = os.environ.get("LEVERS_TEST_PG_URL", "")
if not BASE:
    print("skipped: LEVERS_TEST_PG_URL is not set (bash scripts/pg-test.sh start prints one)")
    sys.exit(77)

GUIDES = os.path.join(SOURCE, "data", "guides")
url = urllib.parse.urlsplit(BASE)
schema = "levers_commit_lost_%d" % os.getpid()
drop_after_commit = threading.Event()
failed = []


def check(what, ok, detail=""):
    if not ok:
        failed.append(what)
        print("FAIL: %s %s" % (what, detail), flush=True)


def psql(sql):
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", BASE, "-c", sql], check=True,
                   capture_output=True, timeout=30)


def pump(src, dst, upstream):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
            # A simple query's text ends with a NUL: the COMMIT went to the server.
            if upstream and drop_after_commit.is_set() and b"COMMIT\x00" in data:
                break
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
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
        threading.Thread(target=pump, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()


def with_host(host):
    netloc = url.netloc.rsplit("@", 1)
    return urllib.parse.urlunsplit(
        (url.scheme, (netloc[0] + "@" + host) if len(netloc) == 2 else host, url.path,
         (url.query + "&" if url.query else "") + "options=-csearch_path%3D" + schema, ""))


def levers(*args, env=None):
    p = subprocess.run([LEVERS, *args], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


psql("CREATE SCHEMA " + schema)
try:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    threading.Thread(target=relay, args=(listener,), daemon=True).start()
    direct = with_host("%s:%d" % (url.hostname, url.port))
    relayed = with_host("127.0.0.1:%d" % listener.getsockname()[1])

    # The store and a first import, straight to the server.
    rc, out, err = levers("import", GUIDES, "--db", direct, "--today", "2026-03-01")
    check("first import", rc == 0, err)

    # The second import's COMMIT reaches the server; its answer never comes back.
    drop_after_commit.set()
    rc, out, err = levers("import", GUIDES, "--db", relayed, "--today", "2026-03-01")
    check("exit 3: outcome unknown", rc == 3, "%s %r" % (rc, err))
    check("nothing on stdout", out == "", repr(out))
    lines = err.splitlines()
    check("two lines on stderr", len(lines) == 2, repr(err))
    check("the first names the lost answer",
          len(lines) == 2 and lines[0].startswith(
              "levers: import: postgresql: the connection was lost while waiting for the answer "
              "to COMMIT: ") and
          lines[0].endswith("; the transaction may or may not have been committed"), repr(err))
    m = re.fullmatch(r"levers: import: this import \(imported at (\S+) from (.+)\) may or may "
                     r"not have been stored; `levers store-info` with the same --db shows which "
                     r"import the store holds", lines[-1] if lines else "")
    check("the second says what to run", m is not None and m.group(2) == GUIDES, repr(err))
    check("never 'as it was'", "as it was" not in err, repr(err))

    # What the store holds: the import whose answer was lost, committed.
    rc, out, err = levers("store-info", "--db", direct)
    check("store-info rc", rc == 0, err)
    if m:
        expected = ("store: postgresql, schema version 4\n"
                    "last import: %s from %s (import 2)\n" % (m.group(1), GUIDES))
        check("store-info shows the import", out.startswith(expected), repr(out))
    check("store-info counts", re.search(r"\n10 guides, 26 bands, \d+ findings\n$", out),
          repr(out))

    # A failure before COMMIT is sent: the store is as it was, as before.
    rc, out, err = levers("import", GUIDES, "--db", relayed, "--today", "2026-03-01",
                          env={"LEVERS_IMPORT_FAIL_AFTER": "1"})
    check("a failure before COMMIT: exit 2", rc == 2, "%s %r" % (rc, err))
    check("a failure before COMMIT: as it was",
          err.endswith("levers: import: nothing was imported; the store is as it was\n"),
          repr(err))
    rc, out, err = levers("store-info", "--db", direct)
    check("still import 2", "(import 2)\n" in out, repr(out))
finally:
    drop_after_commit.clear()
    psql("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
print("FAILED" if failed else "ok", flush=True)
sys.exit(1 if failed else 0)
