#!/usr/bin/env python3
"""The guide commands' flags and messages end to end: build, check, import,
serve and levels refuse an empty --today and an empty folder with a message,
say '1 guide page', and serve never prints a PostgreSQL URL (it may hold a
password). Every numeric, date and enum flag of every command refuses a bad
value before any file is read, with a message naming the flag, the form
expected and the value given.

Usage: run_guide_cli.py LEVERS_BINARY REPO_ROOT
Bounded: every command has a timeout. The serve case runs only when
LEVERS_TEST_PG_URL names a PostgreSQL test server.
"""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

LEVERS, ROOT = sys.argv[1], sys.argv[2]
GUIDES = os.path.join(ROOT, "data", "guides")
checks = CliChecks(LEVERS, ROOT)
check, run = checks.check, checks.run

tmp = tempfile.mkdtemp(prefix="levers-guide-cli-")
try:
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    one = os.path.join(tmp, "one")
    os.makedirs(one)
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), one)

    # A link out of the folder (it would publish any readable file) and a name
    # with a control byte (an id the API never serves) are refused by check,
    # build and import alike, named in the message, and never read.
    linked = os.path.join(tmp, "linked")
    os.makedirs(linked)
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), linked)
    os.symlink("/etc/passwd", os.path.join(linked, "passwd.md"))
    # A link inside the folder is read as its file, here one the scan does not
    # list itself (a hidden folder is not entered).
    os.makedirs(os.path.join(linked, ".kept"))
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"),
                os.path.join(linked, ".kept"))
    os.symlink(".kept/ambertrail-freight--product-manager.md", os.path.join(linked, "same.md"))
    open(os.path.join(linked, "new\nline.md"), "w").close()
    out_of = f"{linked}/passwd.md: a symbolic link to /etc/passwd, outside the folder {linked}"
    control = f"{linked}/new\\x0Aline.md: the name holds a control character (U+000A)"
    rc, out, err = run("check", "--today", "2026-11-23", linked)
    check("check refuses a link out of the folder", rc == 1 and out_of in err and control in err
          and "root:" not in out + err and "2 guides checked" in out
          and "2 files refused" in out, f"{rc} {out!r} {err!r}")
    site = os.path.join(tmp, "site-linked")
    rc, out, err = run("build", "--today", "2026-11-23", linked, site)
    health = open(os.path.join(site, "health.html"), encoding="utf-8").read() if rc == 0 else ""
    check("build refuses a link out of the folder", rc == 0 and out_of in err and control in err
          and not os.path.exists(os.path.join(site, "passwd.html"))
          and os.path.exists(os.path.join(site, "same.html"))
          and "refused-file" in health and "root:" not in health, f"{rc} {out!r} {err!r}")
    rc, out, err = run("import", "--today", "2026-11-23", linked, "--db", "memory:")
    check("import refuses a link out of the folder", rc == 0 and out_of in err and control in err
          and "imported 2 guides" in out and "2 files refused" in out, f"{rc} {out!r} {err!r}")
    # The summary says what was refused: a folder is not counted as a file.
    folders = os.path.join(tmp, "folders")
    os.makedirs(os.path.join(folders, "tab\tdir"))
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), folders)
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"),
                os.path.join(folders, "tab\tdir"))
    rc, out, err = run("check", "--today", "2026-11-23", folders)
    check("check counts a refused folder as a folder", rc == 1
          and f"{folders}/tab\\x09dir: the name holds a control character (U+0009)" in err
          and out.endswith("1 guide checked: 0 errors, 0 warnings, 0 notes; 1 folder refused\n"),
          f"{rc} {out!r} {err!r}")
    open(os.path.join(folders, "new\nline.md"), "w").close()
    rc, out, err = run("check", "--today", "2026-11-23", folders)
    check("check counts refused files and folders apart", rc == 1
          and out.endswith("; 1 file and 1 folder refused\n"), f"{rc} {out!r} {err!r}")
    rc, out, err = run("import", "--today", "2026-11-23", folders, "--db", "memory:")
    check("import counts refused files and folders apart", rc == 0
          and out.endswith("; 1 file and 1 folder refused, not imported\n"),
          f"{rc} {out!r} {err!r}")
    # One file reached by two spellings is one guide, not a duplicate of itself.
    rc, out, err = run("check", "--today", "2026-11-23", one,
                       one + "/./ambertrail-freight--product-manager.md")
    check("check reads a file given twice once", rc == 0 and "1 guide checked" in out
          and "duplicate-guide" not in out, f"{rc} {out!r} {err!r}")
    # levels (and offer --guides, which reads folders the same way) say the
    # refused entries too instead of dropping them without a word.
    rc, out, err = run("levels", "--guides", linked, "Google L4")
    check("levels says a link out of the folder", out_of in err and control in err
          and "root:" not in out + err, f"{rc} {out!r} {err!r}")
    offer = os.path.join(ROOT, "data", "offers", "hf-engineering-manager.yaml")
    rc, out, err = run("offer", "compare", offer, "--guides", linked)
    check("offer compare --guides says a link out of the folder", rc == 0 and out_of in err
          and control in err and "root:" not in out + err, f"{rc} {out!r} {err!r}")

    # *.md entries that are not regular files (a FIFO, a link to /dev/zero, a
    # loop of links) are refused by name, never read nor dropped without a word.
    odd = os.path.join(tmp, "odd")
    os.makedirs(odd)
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), odd)
    os.mkfifo(os.path.join(odd, "fifo.md"))
    os.symlink("/dev/zero", os.path.join(odd, "zero.md"))
    os.symlink("b.md", os.path.join(odd, "a.md"))
    os.symlink("a.md", os.path.join(odd, "b.md"))
    rc, out, err = run("check", "--today", "2026-11-23", odd)
    check("check refuses a FIFO, a device and a loop of links", rc == 1
          and f"{odd}/fifo.md: a FIFO, not a regular file; not read" in err
          and f"{odd}/zero.md: a symbolic link to /dev/zero, outside the folder" in err
          and f"{odd}/a.md: a symbolic link that cannot be resolved (Too many levels" in err
          and "1 guide checked" in out and "4 files refused" in out, f"{rc} {out!r} {err!r}")

    # A subfolder that cannot be listed is named; check exits 2 and import
    # refuses, leaving the store as it was. Root lists any folder: run as 65534.
    unr = os.path.join(tmp, "unr")
    os.makedirs(os.path.join(unr, "sub"))
    shutil.copy(os.path.join(GUIDES, "ambertrail-freight--product-manager.md"), unr)
    shutil.copy(os.path.join(GUIDES, "brinewick-markets--senior-software-engineer.md"),
                os.path.join(unr, "sub"))
    db = os.path.join(tmp, "unr-store", "levers.db")
    os.makedirs(os.path.dirname(db))
    rc, out, err = run("import", unr, "--db", "sqlite:" + db)
    check("import of a listable folder", rc == 0 and "imported 2 guides" in out, f"{rc} {err!r}")
    as_nobody = []
    if os.geteuid() == 0:
        as_nobody = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]
        for top, _, files in os.walk(tmp):
            os.chmod(top, 0o777)
            for f in files:
                if not os.path.islink(os.path.join(top, f)):
                    os.chmod(os.path.join(top, f), 0o666)
    os.chmod(os.path.join(unr, "sub"), 0)
    if as_nobody and shutil.which("setpriv") is None:
        print("SKIP unreadable folder: running as root and setpriv is missing", flush=True)
    else:
        def run_as(*args):
            p = subprocess.run([*as_nobody, LEVERS, *args], capture_output=True, text=True,
                               timeout=60)
            return p.returncode, p.stdout, p.stderr
        named = f"{unr}/sub: cannot list folder: Permission denied; the guides in it were not read"
        rc, out, err = run_as("check", "--today", "2026-11-23", unr)
        check("check names a folder it cannot list", rc == 2 and named in err
              and out.endswith("1 guide checked: 0 errors, 0 warnings, 0 notes; "
                               "1 folder refused\n"), f"{rc} {out!r} {err!r}")
        rc, out, err = run_as("import", unr, "--db", "sqlite:" + db)
        import sqlite3
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM guides").fetchone()[0]
        check("import refuses a folder it cannot list, store unchanged", rc == 2 and named in err
              and "1 folder could not be listed; nothing was imported, the store is as it was"
              in err and out == "" and stored == 2, f"{rc} {stored} {out!r} {err!r}")
    os.chmod(os.path.join(unr, "sub"), 0o755)

    # An empty --today is refused, not read as "today".
    for args in (["check", "--today", "", GUIDES],
                 ["build", "--today", "", GUIDES, os.path.join(tmp, "site-a")],
                 ["import", "--today", "", GUIDES, "--db", "memory:"],
                 ["serve", "--today", "", "--db", "memory:", "--listen", "127.0.0.1:0"]):
        rc, out, err = run(*args)
        check(f"{args[0]} --today ''", rc == 2 and
              "--today: expected a date YYYY-MM-DD, got an empty value" in err, f"{rc} {err!r}")

    # A bad flag value is a usage error before any file is read: the paths
    # given do not exist, and only the flag is named.
    missing = os.path.join(tmp, "missing")
    pct = "a percentage from 0 to 100 with at most two decimals, like 5 or 2.5"
    jobs = "a whole number of threads from 0 to 1024 (0: one per core)"
    for args, message in (
            (["check", "--tolerance", "abc", missing], f"--tolerance: expected {pct}; got 'abc'"),
            (["check", "--tolerance", "200", missing], f"--tolerance: expected {pct}; got '200'"),
            (["check", "--tolerance", "2.555", missing], f"--tolerance: expected {pct}; got '2.555'"),
            (["check", "--tolerance", "nan", missing], f"--tolerance: expected {pct}; got 'nan'"),
            (["check", "--jobs", "-1", missing], f"--jobs: expected {jobs}; got '-1'"),
            (["build", "--jobs", "1.5", missing, missing], f"--jobs: expected {jobs}; got '1.5'"),
            (["check", "--today", "2026-13-01", missing],
             "--today: expected a date YYYY-MM-DD, like 2026-11-23; got '2026-13-01': "
             "month 13 does not exist"),
            (["check", "--format", "xml", missing], "--format: expected text or json; got 'xml'"),
            (["render", "--to", "pdf", missing], "--to: expected md, html or json; got 'pdf'"),
            (["levels", "Google L6", "--guides", missing, "--format", "yaml"],
             "--format: expected text or json; got 'yaml'"),
            (["offer", "evaluate", missing, "--band-low-pct", "abc"],
             "--band-low-pct: expected a whole percentile from 0 to 100, like 25; got 'abc'"),
            (["offer", "compare", missing, "--rank", "best"],
             "--rank: expected first-year, four-year, expected-equity or floor-equity; got 'best'"),
            (["offer", "compare", missing, "--currency", ""],
             "--currency: expected an ISO 4217 currency levers knows, like USD, EUR or GBP "
             "(any case); got an empty value"),
            (["serve", "--db", "sqlite:" + missing, "--threads", "x"],
             f"--threads: expected {jobs}; got 'x'"),
            (["serve", "--db", "sqlite:" + missing, "--max-connections", "0"],
             "--max-connections: expected a whole number of connections from 1 to 1000000; got '0'"),
            (["serve", "--db", "sqlite:" + missing, "--max-body-bytes", "1K"],
             "--max-body-bytes: expected a whole number of bytes from 1 to 1073741824; got '1K'"),
            (["serve", "--db", "sqlite:" + missing, "--request-timeout", "1e3"],
             "--request-timeout: expected a number of seconds more than 0 and at most 3600, "
             "like 10 or 0.5; got '1e3'"),
            (["serve", "--db", "sqlite:" + missing, "--reload-interval", "0.05"],
             "--reload-interval: expected 0 (never) or a number of seconds from 0.1 to 86400, "
             "like 5 or 0.5; got '0.05'"),
            (["import", missing, "--db", "sqlite:" + missing, "--today", "2026-02-30"],
             "--today: expected a date YYYY-MM-DD, like 2026-11-23; got '2026-02-30': "
             "2026-02-30 does not exist (28 days in that month)")):
        rc, out, err = run(*args)
        check(f"{' '.join(args[:3])} refused before reading", rc == 2 and out == "" and
              err.splitlines()[:1] == ["levers: " + message], f"{rc} {err!r}")
    check("no store was created", not os.path.exists(missing), repr(os.listdir(tmp)))

    # An empty folder builds nothing, and says so.
    site = os.path.join(tmp, "site-b")
    rc, out, err = run("build", empty, site)
    check("build empty folder", rc == 2 and err == f"levers: {empty}: no guides (*.md) found; "
          "nothing was built\n", f"{rc} {err!r}")
    check("build empty folder writes nothing", not os.path.exists(site))
    # So does a file that gives no guide; a guide file named index.md is built,
    # its page beside the home page, not over it.
    afile = os.path.join(tmp, "afile")
    open(afile, "w").close()
    rc, out, err = run("build", afile, site)
    check("build a file that is no guide", rc == 2 and out == "" and err ==
          f"levers: {afile}: not a guide (1:1: error[empty-file]: the file is empty; a guide "
          "needs at least a heading and a pay table); nothing was built\n", f"{rc} {out!r} {err!r}")
    check("build a file that is no guide writes nothing", not os.path.exists(site))
    index_md = os.path.join(tmp, "index.md")
    shutil.copy(os.path.join(one, "ambertrail-freight--product-manager.md"), index_md)
    rc, out, err = run("build", "--today", "2026-11-23", index_md, site)
    check("build index.md", rc == 0 and err.startswith(
          f"levers: note: {index_md}: its page is index-2.html: index.html is the site's home "
          "page\n") and os.path.exists(os.path.join(site, "index-2.html")), f"{rc} {err!r}")
    # check and parse: the same usage error, also for a folder holding only a
    # README.md (not a guide: guide-format.md section 13); nothing on stdout.
    readme_only = os.path.join(tmp, "readme-only")
    os.makedirs(readme_only)
    with open(os.path.join(readme_only, "README.md"), "w") as f:
        f.write("# Notes\n")
    for folder in (empty, readme_only):
        for command, done in (("check", "checked"), ("parse", "parsed")):
            rc, out, err = run(command, folder)
            check(f"{command} {os.path.basename(folder)} folder",
                  rc == 2 and out == "" and err == f"levers: {folder}: no guides (*.md) found; "
                  f"nothing was {done}\n", f"{rc} {out!r} {err!r}")
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

checks.finish()
