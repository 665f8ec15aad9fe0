#!/usr/bin/env python3
"""levers import end to end: exit codes, messages, the summary line, and the
progress bar that shows only when stderr is a terminal.

Usage: run_import_cli.py LEVERS_BINARY SOURCE_DIR
"""
import os
import pty
import select
import sqlite3
import subprocess
import sys
import tempfile
import time

levers, source = sys.argv[1], sys.argv[2]
guides = os.path.join(source, "data", "guides")
failures = []
checks = 0


def check(name, cond, detail=""):
    global checks
    checks += 1
    if not cond:
        failures.append(f"{name}: {detail}")


def run(*args):
    p = subprocess.run([levers, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


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
    con.close()

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
    rc, out, err = run("import", guides, "--db", "sqlite:" + other)
    check("foreign db", rc == 2 and err == f"levers: import: sqlite:{other}: an SQLite database "
          "that is not a levers store\n", repr(err))
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    before = dump(db)
    rc, out, err = run("import", empty, "--db", "sqlite:" + db)
    check("empty folder", rc == 2 and err == f"levers: import: {empty}: no guides (*.md) found; "
          "nothing was imported, the store is as it was\n", repr(err))
    check("empty folder leaves the store", dump(db) == before and len(before) > 100)
    rc, out, err = run("import", guides, "--db", "memory:")
    check("memory", rc == 0 and " into memory in " in out, repr(out + err))

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
    rc, out, err = run("import", guides, "--db", db)
    check("lock rc", rc == 2, f"{rc} {out} {err}")
    check("lock message",
          err.startswith("levers: import: sqlite:") and "another process is writing to the store"
          in err and "the store is unchanged" in err and "database is locked" not in err,
          repr(err))
    holder.stderr.read()
    check("lock holder rc", holder.wait(timeout=60) == 0, "")

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

print(f"{checks - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
