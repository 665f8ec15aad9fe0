#!/usr/bin/env python3
"""levers import end to end: exit codes, messages, the summary line, and the
progress bar that shows only when stderr is a terminal.

Usage: run_import_cli.py LEVERS_BINARY SOURCE_DIR
"""
import json
import os
import pathlib
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "cli"))
from cli_checks import CliChecks  # noqa: E402

levers, source = sys.argv[1], sys.argv[2]
guides = os.path.join(source, "data", "guides")
checks = CliChecks(levers, source)
check = checks.check


def run(*args, timeout=120):
    return checks.run(*args, timeout=timeout)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "levers.db")

    # A first import: quiet on stderr, one summary line on stdout.
    rc, out, err = run("import", guides, "--db", "sqlite:" + db, "--today", "2026-03-01")
    check("import rc", rc == 0, f"{rc} {err}")
    check("import quiet", err == "", repr(err))
    check("import summary", out.startswith("imported 10 guides, 26 bands, ") and
          out.endswith(f" from {guides} into sqlite in " + out.split(" in ")[-1]) and
          out.count("\n") == 1, repr(out))
    con = sqlite3.connect(db)
    check("guides stored", con.execute("SELECT COUNT(*) FROM guides").fetchone()[0] == 10)
    ids = [r[0] for r in con.execute("SELECT id FROM guides ORDER BY id LIMIT 2")]
    check("ids", ids == ["ambertrail-freight--product-manager",
                         "brinewick-markets--senior-software-engineer"], ids)
    # Files are named under the folder imported, as the API serves them: no
    # path of the editor's disk, however the folder was spelled.
    paths = [r[0] for r in con.execute("SELECT path FROM guides ORDER BY id LIMIT 2")]
    check("paths under the folder", paths == ["ambertrail-freight--product-manager.md",
                                              "brinewick-markets--senior-software-engineer.md"],
          paths)
    leaked = [r[0] for r in con.execute("SELECT json FROM guide_texts") if guides in r[0]]
    check("no folder path in the stored JSON", leaked == [], leaked[:1])
    con.close()
    dup = os.path.join(tmp, "dup")
    os.makedirs(os.path.join(dup, "sub"))
    for where in ("", "sub"):
        shutil.copy(os.path.join(guides, "ambertrail-freight--product-manager.md"),
                    os.path.join(dup, where, "a.md"))
    dup_db = os.path.join(tmp, "dup.db")
    rc, out, err = run("import", os.path.abspath(dup), "--db", "sqlite:" + dup_db)
    con = sqlite3.connect(dup_db)
    messages = [r[0] for r in con.execute("SELECT message FROM findings WHERE code = "
                                          "'duplicate-guide'")]
    con.close()
    check("duplicate-guide names paths under the folder", rc == 0 and len(messages) == 1
          and "a.md" in messages[0] and tmp not in messages[0], f"{rc} {err!r} {messages}")

    # The same import again: the same rows, but for the time of the import.
    def dump(path):
        con = sqlite3.connect(path)
        lines = [l for l in con.iterdump() if not l.startswith('INSERT INTO "imports"')]
        con.close()
        return lines
    first_dump = dump(db)
    rc, out, err = run("import", guides, "--db", "sqlite:" + db, "--today", "2026-03-01")
    check("second import rc", rc == 0, f"{rc} {err}")
    second_dump = dump(db)
    check("idempotent", first_dump == second_dump and len(first_dump) > 100,
          f"{len(first_dump)} vs {len(second_dump)} lines")
    # An import replaces the whole store, and says what it held and what is gone.
    check("second import says what it replaced",
          out.endswith("; replaced the 10 guides stored before (10 imported again, 0 removed)\n"),
          repr(out))
    fewer = os.path.join(tmp, "fewer")
    os.mkdir(fewer)
    for name in sorted(os.listdir(guides))[:3]:
        shutil.copy(os.path.join(guides, name), fewer)
    replaced_db = os.path.join(tmp, "replaced.db")
    shutil.copy(db, replaced_db)
    rc, out, err = run("import", fewer, "--db", "sqlite:" + replaced_db)
    check("fewer guides replace the store", rc == 0 and out.startswith("imported 3 guides, ") and
          out.endswith("; replaced the 10 guides stored before (3 imported again, 7 removed)\n"),
          f"{rc} {out!r} {err!r}")

    # Usage errors: exit 2 and a message that says what was expected.
    rc, out, err = run("import", guides, "--db", "mysql://localhost/levers")
    check("bad url", rc == 2 and err == "levers: import: unknown store URL 'mysql://localhost/"
          "levers': expected memory:, sqlite:PATH or postgresql://...\n", repr(err))
    rc, out, err = run("import", os.path.join(tmp, "nowhere"), "--db", "sqlite:" + db)
    check("missing folder", rc == 2 and err == f"levers: import: {tmp}/nowhere: not a folder "
          "of guides\n", repr(err))
    rc, out, err = run("import", guides, "--db", "sqlite:" + db, "--today", "2026-02-30")
    check("bad today", rc == 2 and err.startswith(
          "levers: --today: expected a date YYYY-MM-DD, like 2026-11-23; got '2026-02-30': "), repr(err))
    rc, out, err = run("import", guides)
    check("no --db", rc == 2 and "--db is required" in err, repr(err))
    rc, out, err = run("import", "--help")
    check("help states the exit codes", rc == 0 and
          "Exit codes: 0 when the guides were stored, whatever their findings" in out and
          "2 when the import fails" in out, out + err)
    other = os.path.join(tmp, "other.db")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE customers (name TEXT)")
    con.commit()
    con.close()
    with open(other, "rb") as f:
        other_bytes = f.read()
    rc, out, err = run("import", guides, "--db", "sqlite:" + other)
    check("foreign db", rc == 2 and err == f"levers: import: sqlite:{other}: an SQLite database "
          "that is not a levers store\n", repr(err))
    with open(other, "rb") as f:
        check("foreign db left byte for byte as it was (not switched to WAL)",
              f.read() == other_bytes and not os.path.exists(other + "-wal"))
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    before = dump(db)
    rc, out, err = run("import", empty, "--db", "sqlite:" + db)
    check("empty folder", rc == 2 and err == f"levers: import: {empty}: no guides (*.md) found; "
          "nothing was imported, the store is as it was\n", repr(err))
    check("empty folder leaves the store", dump(db) == before and len(before) > 100)
    # A failed or refused import into a store that did not exist leaves no
    # file: serve then refuses it rather than serving an empty store.
    fresh = os.path.join(tmp, "fresh.db")
    rc, out, err = run("import", empty, "--db", "sqlite:" + fresh)
    check("empty folder, new store: rc", rc == 2, repr(err))
    check("empty folder, new store: no file", sorted(f for f in os.listdir(tmp)
                                                    if f.startswith("fresh")) == [],
          os.listdir(tmp))
    env_fail = dict(os.environ, LEVERS_IMPORT_FAIL_AFTER="5")
    p = subprocess.run([levers, "import", guides, "--db", "sqlite:" + fresh], env=env_fail,
                       capture_output=True, text=True, timeout=120)
    check("failed import, new store: rc", p.returncode == 2 and
          "injected fault after row 5" in p.stderr, repr(p.stderr))
    check("failed import, new store: no file", not os.path.exists(fresh), os.listdir(tmp))
    rc, out, err = run("serve", "--db", "sqlite:" + fresh, "--listen", "127.0.0.1:0", timeout=10)
    check("failed import, new store: serve refuses", rc == 2 and out == "", repr(err))
    rc, out, err = run("import", guides, "--db", "memory:")
    check("memory", rc == 0 and " into memory in " in out, repr(out + err))

    # A password with an '@', a '/', a ':' or a '%40' in it, which libpq reads
    # as a port or a host name, is never shown back, by import or by serve.
    port_message = ('postgresql: cannot connect: invalid integer value "***" for connection '
                    'option "port"\n')
    for url, message in [
            ("postgresql://levers:Xsecret9/@127.0.0.1:1/db", port_message),
            ("postgresql://levers:Xse:cret9/@127.0.0.1:1/db", port_message),
            ("postgresql://levers:p%40Xsecret9/@127.0.0.1:1/db", port_message),
            ("postgresql://levers:p@Xsecret9@127.0.0.1:1/db",
             'postgresql: cannot connect: could not translate host name "***@127.0.0.1" to '
             'address: ')]:
        for command, prefix in [(["import", guides, "--db", url], "levers: import: "),
                                (["serve", "--db", url, "--listen", "127.0.0.1:0"], "levers: ")]:
            rc, out, err = run(*command, timeout=30)
            what = f"{command[0]} {url}"
            check(what + ": refused", rc == 2 and out == "", f"{rc} {out!r}")
            check(what + ": the message", err.startswith(prefix + message)
                  and err.count("\n") == 1, repr(err))
            check(what + ": no part of the password", not any(
                part in err for part in ("secret", "Xse", "cret9")), repr(err))

    # A name that is not UTF-8 is refused like a control character in a name:
    # reported with the byte as \xHH, the rest imported.
    odd = os.path.join(tmp, "odd")
    os.mkdir(odd)
    names = sorted(n for n in os.listdir(guides) if n.endswith(".md") and n != "README.md")
    for src, dst in ((names[0], names[0].encode()), (names[1], b"caf\xe9.md"),
                     (names[2], b"new\x01line.md")):
        with open(os.path.join(guides, src), "rb") as f, \
                open(os.path.join(odd.encode(), dst), "wb") as g:
            g.write(f.read())
    odd_db = os.path.join(tmp, "odd.db")
    rc, out, err = run("import", odd, "--db", "sqlite:" + odd_db)
    check("non-UTF-8 name rc", rc == 0, f"{rc} {err!r}")
    check("non-UTF-8 name refused", err ==
          f"levers: import: error: {odd}/caf\\xE9.md: the name is not valid UTF-8 (byte \\xE9); "
          "a page or guide id cannot hold it, rename the file; not read\n"
          f"levers: import: error: {odd}/new\\x01line.md: the name holds a control character "
          "(U+0001); a guide id cannot hold one, rename the file; not read\n", repr(err))
    check("non-UTF-8 name summary", out.startswith("imported 1 guide, ") and
          out.endswith("; 2 files refused, not imported\n"), repr(out))
    con = sqlite3.connect(odd_db)
    stored = [r[0] for r in con.execute("SELECT id FROM guides")]
    con.close()
    check("non-UTF-8 name: the rest stored", stored == [names[0][:-3]], stored)
    only = os.path.join(tmp, "only-odd")
    os.mkdir(only)
    with open(os.path.join(only.encode(), b"\xff.md"), "wb") as g:
        g.write(open(os.path.join(guides, names[0]), "rb").read())
    rc, out, err = run("import", only, "--db", "sqlite:" + odd_db)
    check("every name refused", rc == 2 and err.endswith(
          f"levers: import: {only}: every guide was refused; nothing was imported, the store is "
          "as it was\n"), repr(err))

    # store-info: what a store holds, read without writing; a missing file is
    # an error, as for serve, and is not created.
    rc, out, err = run("store-info", "--db", "sqlite:" + db)
    con = sqlite3.connect(db)
    at, = con.execute("SELECT imported_at FROM imports").fetchone()
    generation, = con.execute("SELECT generation FROM imports").fetchone()
    findings, = con.execute("SELECT COUNT(*) FROM findings").fetchone()
    con.close()
    check("store-info", rc == 0 and err == "" and out ==
          f"store: sqlite, schema version 4\nlast import: {at} from {guides} (import {generation})\n"
          f"10 guides, 26 bands, {findings} findings\n", f"{rc} {out!r} {err!r}")
    nothing = os.path.join(tmp, "nothing.db")
    rc, out, err = run("store-info", "--db", "sqlite:" + nothing)
    check("store-info of no store", rc == 2 and out == "" and err ==
          f"levers: store-info: sqlite:{nothing}: no store at {nothing} (no such file): run levers "
          "import first\n" and not os.path.exists(nothing), f"{rc} {out!r} {err!r}")

    # serve reads a store and never creates one: a mistyped path is an error.
    typo = os.path.join(tmp, "typo.db")
    rc, out, err = run("serve", "--db", "sqlite:" + typo, "--listen", "127.0.0.1:0", timeout=10)
    check("serve missing store", rc == 2 and out == "" and err ==
          f"levers: sqlite:{typo}: no store at {typo} (no such file): run levers import first\n",
          f"{rc} {out!r} {err!r}")
    check("serve created nothing", not os.path.exists(typo), repr(os.listdir(tmp)))

    # On a terminal: a progress bar on stderr, cleared before the summary.
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(levers, [levers, "import", guides, "--db", "sqlite:" + db])
    data = b""
    deadline = time.time() + 60
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 1)
        if not r:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    text = data.decode("utf-8", "replace")
    check("tty rc", os.waitstatus_to_exitcode(status) == 0, text)
    check("tty bar", "importing [" in text and "100% " in text and " rows" in text, repr(text))
    check("tty bar cleared", "\r\x1b[K" in text, repr(text))
    check("tty summary", "imported 10 guides, " in text, repr(text))

with tempfile.TemporaryDirectory() as tmp:
    # A second import while another holds the store: after the 5 s busy
    # timeout it says another process is writing and that nothing changed.
    db = "sqlite:" + os.path.join(tmp, "locked.db")
    rc, _, err = run("import", guides, "--db", db)
    check("lock first import", rc == 0, err)
    env = dict(os.environ, LEVERS_IMPORT_PAUSE_AFTER="3", LEVERS_IMPORT_PAUSE_SECONDS="9")
    holder = subprocess.Popen([levers, "import", guides, "--db", db], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    paused = holder.stderr.readline()
    check("lock holder paused", "paused after row 3" in paused, repr(paused))
    # levers serve starts meanwhile, without waiting for the writer, and
    # serves the last commit.
    started = time.time()
    server = subprocess.Popen([levers, "serve", "--db", db, "--listen", "127.0.0.1:0",
                               "--reload-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([server.stdout], [], [], 3)
    line = server.stdout.readline() if ready else ""
    check("serve beside an import", line.startswith("levers: serving 10 guides from " + db) and
          time.time() - started < 3, repr(line))
    address = line.split(" at ")[-1].split("/ ")[0] if " at " in line else ""
    try:
        with urllib.request.urlopen(address + "/api/health", timeout=5) as r:
            health = json.loads(r.read())
    except (OSError, ValueError) as e:
        health = {"error": str(e)}
    check("serve beside an import serves the last commit", health.get("guides") == 10 and
          health.get("import_generation") == 1, repr(health))
    server.terminate()
    out, err = server.communicate(timeout=10)
    check("serve beside an import stops", server.returncode == 0 and err == "",
          f"{server.returncode} {out!r} {err!r}")
    rc, out, err = run("import", guides, "--db", db)
    check("lock rc", rc == 2, f"{rc} {out} {err}")
    check("lock message",
          err.startswith("levers: import: sqlite:") and "another process is writing to the store"
          in err and "the store is unchanged" in err and "database is locked" not in err,
          repr(err))
    holder.stderr.read()
    check("lock holder rc", holder.wait(timeout=60) == 0, "")

    # What an import replaced is what its transaction found: an import that
    # starts while another holds the store waits for it, and counts the
    # guides that import committed, not those stored when it started.
    fewer = os.path.join(tmp, "fewer")
    os.mkdir(fewer)
    for name in sorted(os.listdir(guides))[:3]:
        shutil.copy(os.path.join(guides, name), fewer)
    db = "sqlite:" + os.path.join(tmp, "waits.db")
    rc, _, err = run("import", fewer, "--db", db)
    check("waiting import: first import", rc == 0, err)
    env = dict(os.environ, LEVERS_IMPORT_PAUSE_AFTER="3", LEVERS_IMPORT_PAUSE_SECONDS="2")
    holder = subprocess.Popen([levers, "import", guides, "--db", db], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    paused = holder.stderr.readline()
    check("waiting import: holder paused", "paused after row 3" in paused, repr(paused))
    rc, out, err = run("import", fewer, "--db", db)
    check("waiting import counts what the other import committed",
          rc == 0 and out.endswith("; replaced the 10 guides stored before (3 imported again, "
                                   "7 removed)\n"), f"{rc} {out!r} {err!r}")
    holder.stderr.read()
    check("waiting import: holder rc", holder.wait(timeout=60) == 0, "")

    # Past the file size limit (ulimit -f): EFBIG reported as a write error,
    # not a process killed by SIGXFSZ without a word.
    big = os.path.join(tmp, "big")
    for i in range(20):
        sub = os.path.join(big, f"copy{i:02d}")
        os.makedirs(sub)
        for name in os.listdir(guides):
            if name.endswith(".md"):
                with open(os.path.join(guides, name), "rb") as src, \
                        open(os.path.join(sub, name), "wb") as dst:
                    dst.write(src.read())
    limit = 128 * 1024

    def small_files():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    p = subprocess.run([levers, "import", big, "--db", "sqlite:" + os.path.join(tmp, "f.db")],
                       capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    check("ulimit -f rc", p.returncode == 2, f"{p.returncode} {p.stderr!r}")
    check("ulimit -f message", "levers: import: sqlite:" in p.stderr
          and "File too large" in p.stderr and "the store is as it was" in p.stderr,
          repr(p.stderr))

checks.finish()
