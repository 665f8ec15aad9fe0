#!/usr/bin/env python3
"""Runs the bad-input corpus through `levers check` with a time and memory budget.

Usage: run_bad_corpus.py LEVERS_BIN BAD_DIR [LARGE_OUT_DIR]

A case is a file `<case>.expect` in BAD_DIR (or LARGE_OUT_DIR) next to its input:
`<case>.md`, or a folder `<case>/` checked as a whole (e.g. duplicate/). The
.expect file holds:

    exit: N                 the exit code `levers check` must return
    CODE [LINE[:COLUMN]]    an error code that must be reported; the optional
                            location is where its first occurrence must point
    ? CODE [LINE[:COLUMN]]  an error code that may be reported (either reading
                            is right); when it is, the location must match

Codes are listed once each, in order of first appearance. Error codes reported
but not listed fail the case; warnings and notes are not compared. Every
reported diagnostic (any severity) must have line >= 1 and column >= 1. Each
run gets TIMEOUT seconds and must peak under MEMORY_MB of resident memory.
For a case expected to pass (exit 0) the guide is also rendered to HTML and
the output must not contain a live tag from the hostile payloads used here.

With LARGE_OUT_DIR, make_large_cases.py (beside this script) first writes the
large cases into it; they are too big to keep in git.

The last line printed is "N passed, N failed"; the exit status is 1 when any
case failed.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

TODAY = "2026-11-23"
TIMEOUT = 20.0  # seconds per run
MEMORY_MB = 512  # peak resident set size per run

# Raw tags from html_injection_valid.md that must never reach HTML unescaped.
LIVE_HTML = ("<script>alert", "<img src=x", "<b onmouseover")


class Expectation:
    def __init__(self, path):
        self.exit_code = None
        self.required = []  # (code, line or None, column or None)
        self.optional = []
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("exit:"):
                    self.exit_code = int(line[5:].strip())
                    continue
                optional = line.startswith("?")
                if optional:
                    line = line[1:].strip()
                parts = line.split()
                if len(parts) > 2:
                    raise ValueError(f"{path}:{n}: expected 'CODE [LINE[:COLUMN]]', got {raw!r}")
                loc_line = loc_col = None
                if len(parts) == 2:
                    lc = parts[1].split(":")
                    loc_line = int(lc[0])
                    loc_col = int(lc[1]) if len(lc) > 1 else None
                (self.optional if optional else self.required).append((parts[0], loc_line, loc_col))
        if self.exit_code is None:
            raise ValueError(f"{path}: no 'exit: N' line")


def _run_measured(argv, out_path, err_path):
    """Runs argv with output to files; returns (returncode or None on timeout, peak RSS in MB, seconds)."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = start + TIMEOUT
        timed_out = False
        while True:
            # wait4 gives this child's own rusage, so each run is measured alone.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                timed_out = True
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        proc.returncode = 0  # reaped above; keep Popen from waiting again
        rc = None if timed_out else os.waitstatus_to_exitcode(status)
        return rc, usage.ru_maxrss / 1024.0, time.monotonic() - start


class Launcher:
    """A small process, forked before the runner grows, that starts every run.

    A child's peak RSS (ru_maxrss) includes the memory of the process it was
    forked from, up to its exec; starting runs from a process that never holds
    their output keeps that share small (the runner itself parses up to
    hundreds of MB of JSON).
    """

    def __init__(self):
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(cmd_w)
            os.close(res_r)
            with os.fdopen(cmd_r, "r") as cmds, os.fdopen(res_w, "w") as results:
                for line in cmds:
                    req = json.loads(line)
                    results.write(json.dumps(_run_measured(req["argv"], req["out"], req["err"])) + "\n")
                    results.flush()
            os._exit(0)
        os.close(cmd_r)
        os.close(res_w)
        self.cmds = os.fdopen(cmd_w, "w")
        self.results = os.fdopen(res_r, "r")
        self.tmp = tempfile.TemporaryDirectory(prefix="levers-bad-")

    def run(self, argv):
        """Returns (returncode or None on timeout, stdout bytes, stderr bytes, peak RSS in MB, seconds)."""
        out_path = os.path.join(self.tmp.name, "stdout")
        err_path = os.path.join(self.tmp.name, "stderr")
        self.cmds.write(json.dumps({"argv": argv, "out": out_path, "err": err_path}) + "\n")
        self.cmds.flush()
        rc, mb, secs = json.loads(self.results.readline())
        with open(out_path, "rb") as f:
            out = f.read()
        with open(err_path, "rb") as f:
            err = f.read()
        return rc, out, err, mb, secs

    def close(self):
        self.cmds.close()
        os.waitpid(self.pid, 0)
        self.results.close()
        self.tmp.cleanup()


def describe_rc(rc):
    if rc is None:
        return f"timed out after {TIMEOUT:g} s"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit {rc}"


def check_case(launcher, levers, name, target, expect_path):
    """Returns (failure reasons, empty when the case passed; "N.NN s, N MB" of the check run)."""
    try:
        exp = Expectation(expect_path)
    except ValueError as e:
        return [str(e)], ""
    problems = []
    rc, out, err, mb, secs = launcher.run([levers, "check", "--today", TODAY, "--format", "json", target])
    cost = f"{secs:.2f} s, {mb:.0f} MB"
    if rc is None or rc < 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return [f"{describe_rc(rc)} {tail[0][:200]}".rstrip()], cost
    if mb > MEMORY_MB:
        problems.append(f"peak memory {mb:.0f} MB is over {MEMORY_MB} MB")
    if rc != exp.exit_code:
        problems.append(f"exit {rc}, expected {exp.exit_code}")
    try:
        diags = json.loads(out.decode("utf-8"))
        if not isinstance(diags, list):
            raise ValueError("not a JSON array")
    except ValueError as e:
        problems.append(f"stdout is not the JSON array of findings ({e}); stderr: "
                        f"{err.decode('utf-8', 'replace')[:200]}")
        return problems, cost
    first = {}  # error code -> first error object with it
    for d in diags:
        line, col = d.get("line"), d.get("column")
        if not isinstance(line, int) or not isinstance(col, int) or line < 1 or col < 1:
            problems.append(f"{d.get('severity')}[{d.get('code')}] has location {line}:{col} "
                            f"(line and column must be >= 1)")
        if d.get("severity") == "error":
            first.setdefault(d.get("code"), d)
    listed = set()
    for (code, line, col), optional in [(e, False) for e in exp.required] + [(e, True) for e in exp.optional]:
        listed.add(code)
        d = first.get(code)
        if d is None:
            if not optional:
                problems.append(f"expected error[{code}] was not reported")
            continue
        if line is not None and (d["line"] != line or (col is not None and d["column"] != col)):
            want = f"{line}:{col}" if col is not None else f"line {line}"
            problems.append(f"error[{code}] is at {d['line']}:{d['column']}, expected {want}")
    for code, d in first.items():
        if code not in listed:
            problems.append(f"unexpected error[{code}] at {d['line']}:{d['column']}: {d['message'][:160]}")
    if exp.exit_code == 0 and os.path.isfile(target):
        rc, html, err, mb, secs = launcher.run([levers, "render", "--to", "html", target])
        if rc != 0:
            problems.append(f"render --to html: {describe_rc(rc)}")
        elif mb > MEMORY_MB:
            problems.append(f"render --to html: peak memory {mb:.0f} MB is over {MEMORY_MB} MB")
        else:
            text = html.decode("utf-8", "replace")
            for tag in LIVE_HTML:
                if tag in text:
                    problems.append(f"render --to html: the page contains a live '{tag}'")
    return problems, cost


def cases_in(directory):
    out = []
    for entry in sorted(os.listdir(directory)):
        if not entry.endswith(".expect"):
            continue
        name = entry[: -len(".expect")]
        md = os.path.join(directory, name + ".md")
        folder = os.path.join(directory, name)
        target = md if os.path.isfile(md) else folder if os.path.isdir(folder) else None
        out.append((name, target, os.path.join(directory, entry)))
    return out


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    levers, bad_dir = os.path.abspath(argv[1]), argv[2]
    cases = cases_in(bad_dir)
    if len(argv) == 4:
        large_dir = argv[3]
        gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_large_cases.py")
        subprocess.run([sys.executable, gen, large_dir], check=True)
        cases += cases_in(large_dir)
    if not cases:
        print(f"no *.expect files in {bad_dir}", file=sys.stderr)
        return 2
    passed = failed = 0
    launcher = Launcher()
    for name, target, expect_path in cases:
        if target is None:
            problems, cost = [f"no input: neither {name}.md nor {name}/ exists"], ""
        else:
            problems, cost = check_case(launcher, levers, name, target, expect_path)
        cost = f" ({cost})" if cost else ""
        if problems:
            failed += 1
            print(f"FAIL {name}{cost}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {name}{cost}")
        sys.stdout.flush()
    launcher.close()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
