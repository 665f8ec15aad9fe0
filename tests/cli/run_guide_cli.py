#!/usr/bin/env python3
"""The guide commands' flags and messages end to end: build, check, import,
serve and levels refuse an empty --today and an empty folder with a message,
say '1 guide page', and serve never prints a PostgreSQL URL (it may hold a
password).

Usage: run_guide_cli.py LEVERS_BINARY REPO_ROOT
Bounded: every command has a timeout. The serve case runs only when
LEVERS_TEST_PG_URL names a PostgreSQL test server.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

LEVERS, ROOT = sys.argv[1], sys.argv[2]
GUIDES = os.path.join(ROOT, "data", "guides")
failed = 0


def check(name, cond, detail=""):
    global failed
    if not cond:
        failed += 1
        print(f"FAIL {name}: {detail}", flush=True)


def run(*args):
    p = subprocess.run([LEVERS, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


tmp = tempfile.mkdtemp(prefix="levers-guide-cli-")
try:
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    one = os.path.join(tmp, "one")
    os.makedirs(one)
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), one)

    # An empty --today is refused, not read as "today".
    for args in (["check", "--today", "", GUIDES],
                 ["build", "--today", "", GUIDES, os.path.join(tmp, "site-a")],
                 ["import", "--today", "", GUIDES, "--db", "memory:"],
                 ["serve", "--today", "", "--db", "memory:", "--listen", "127.0.0.1:0"]):
        rc, out, err = run(*args)
        check(f"{args[0]} --today ''", rc == 2 and
              "--today: expected a date YYYY-MM-DD, got an empty value" in err, f"{rc} {err!r}")

    # An empty folder builds nothing, and says so.
    site = os.path.join(tmp, "site-b")
    rc, out, err = run("build", empty, site)
    check("build empty folder", rc == 2 and err == f"levers: {empty}: no guides (*.md) found; "
          "nothing was built\n", f"{rc} {err!r}")
    check("build empty folder writes nothing", not os.path.exists(site))
    rc, out, err = run("levels", "Google L6", "--guides", empty)
    check("levels empty folder", rc == 2 and f"{empty}: no guides (*.md) found" in err,
          f"{rc} {err!r}")

    # Counts for people.
    rc, out, err = run("build", "--today", "2026-11-23", one, os.path.join(tmp, "site-c"))
    check("build one guide", rc == 0 and out.startswith(f"built 1 guide page from {one} into "),
          f"{rc} {out!r}")

    # serve shows the kind of store for a PostgreSQL URL, never the URL.
    pg = os.environ.get("LEVERS_TEST_PG_URL", "")
    psql = shutil.which("psql")
    schema = f"levers_guide_cli_{os.getpid()}"
    if pg and psql:
        # A schema of its own, as the store tests use, so parallel tests never meet.
        subprocess.run([psql, pg, "-q", "-c", f"CREATE SCHEMA {schema}"], check=True,
                       capture_output=True, timeout=30)
        db = pg + ("&" if "?" in pg else "?") + "options=-csearch_path%3D" + schema
        rc, out, err = run("import", GUIDES, "--db", db)
        check("import into PostgreSQL", rc == 0, f"{rc} {err!r}")
        server = subprocess.Popen([LEVERS, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                   "--reload-interval", "0"], stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            check("serve names the store", re.match(
                r"levers: serving \d+ guides from postgresql at http://127\.0\.0\.1:\d+/", line)
                is not None, repr(line))
            check("serve hides the URL", pg not in line and "@" not in line, repr(line))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            subprocess.run([psql, pg, "-q", "-c", f"DROP SCHEMA {schema} CASCADE"],
                           capture_output=True, timeout=30)
    else:
        print("guide CLI: no LEVERS_TEST_PG_URL or psql; the PostgreSQL serve case is skipped")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("guide CLI:", "FAILED" if failed else "ok")
sys.exit(1 if failed else 0)
