#!/usr/bin/env python3
"""The standard streams, end to end.

- "-" names standard input as one guide (parse, check, render) or one offer
  (offer evaluate, compare, counter); it can be named once, and a folder
  command (build) refuses it by name.
- Output that could not be written (a full disk, a file size limit, a closed
  stdout) is said on stderr and the command exits 2, whatever else it did:
  none exits 0 with its output lost.
- A closed stdout never lends its number to a file the command writes.

Usage: run_stdio_cli.py LEVERS_BINARY REPO_ROOT
Bounded: every command has a timeout.
"""
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

LEVERS, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
GUIDE = os.path.join(ROOT, "data", "guides", "ambertrail-freight--product-manager.md")
OFFER = os.path.join(ROOT, "data", "offers", "paris-offer-eur.json")
checks = CliChecks(LEVERS, ROOT)
check, run = checks.check, checks.run


def run_io(*args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, input_bytes=None,
           preexec_fn=None, timeout=60):
    """(exit code, stdout text or "", stderr text) of levers ARGS with the
    given standard streams."""
    try:
        p = subprocess.run([LEVERS, *map(str, args)], cwd=ROOT,
                           stdin=None if input_bytes is not None else stdin, input=input_bytes,
                           stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                           preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        return None, "", f"still running after {timeout} s"
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


guide_bytes = pathlib.Path(GUIDE).read_bytes()
offer_bytes = pathlib.Path(OFFER).read_bytes()

# --- "-" reads standard input -------------------------------------------------
rc, out, err = run("parse", GUIDE)
from_file = json.loads(out) if rc == 0 else None
rc, out, err = run_io("parse", "-", input_bytes=guide_bytes)
from_stdin = json.loads(out) if rc == 0 else None
check("parse - reads the guide from stdin, named <stdin>",
      from_stdin and from_stdin[0].pop("path") == "<stdin>" and from_file[0].pop("path") == GUIDE
      and from_stdin == from_file, f"{rc} {err!r}")

rc, file_out, _ = run("check", "--today", "2026-11-23", GUIDE)
rc2, out, err = run_io("check", "--today", "2026-11-23", "-", input_bytes=guide_bytes)
check("check - finds what check FILE finds", rc == rc2 == 0 and out == file_out,
      f"{rc} {rc2} {out!r} {file_out!r} {err!r}")

# A finding in a guide read from stdin is placed at "<stdin>:LINE:COL".
broken = guide_bytes.replace(b"currency: USD", b"currency: XYZ", 1)
check("the fixture has a currency to break", broken != guide_bytes)
rc, out, err = run_io("check", "--today", "2026-11-23", "-", input_bytes=broken)
check("check - places findings at <stdin>:line:col",
      rc == 1 and out.startswith("<stdin>:") and "currency" in out, f"{rc} {out!r} {err!r}")
rc, out, err = run_io("check", "--today", "2026-11-23", "--format", "json", "-",
                      input_bytes=broken)
findings = json.loads(out) if out.startswith("[") else []
check("check --format json - names the path <stdin>",
      rc == 1 and findings and all(f["path"] == "<stdin>" for f in findings),
      f"{rc} {out[:300]!r} {err!r}")

rc, file_html, _ = run("render", "--to", "html", GUIDE)
rc2, out, err = run_io("render", "--to", "html", "-", input_bytes=guide_bytes)
check("render - renders the guide from stdin", rc == rc2 == 0 and out == file_html,
      f"{rc} {rc2} {err!r}")

rc, file_eval, _ = run("offer", "evaluate", OFFER)
rc2, out, err = run_io("offer", "evaluate", "-", input_bytes=offer_bytes)
check("offer evaluate - reads the offer from stdin", rc == rc2 == 0 and out == file_eval,
      f"{rc} {rc2} {err!r}")

# Standard input is read once.
rc, out, err = run_io("check", "-", "-", input_bytes=guide_bytes)
check("check - - is refused", rc == 2 and "standard input is named twice" in err,
      f"{rc} {out!r} {err!r}")
rc, out, err = run_io("offer", "compare", "-", "-", input_bytes=offer_bytes)
check("offer compare - - is refused", rc == 2 and "standard input is named twice" in err,
      f"{rc} {out!r} {err!r}")

# "-" is read only as a guide or an offer: a flag that names a folder or a
# rates file refuses it, rather than reading nothing and going on.
for args in (["offer", "evaluate", "-", "--guides", "-"],
             ["offer", "evaluate", OFFER, "--rates", "-"],
             ["levels", "--guides", "-"],
             ["import", "-", "--db", "memory:"]):
    rc, out, err = run_io(*args, input_bytes=offer_bytes)
    check(f"{' '.join(args[:3])} refuses '-' by name", rc == 2
          and "'-' (standard input) is read only as a guide or an offer" in err,
          f"{rc} {out[:200]!r} {err!r}")
rc, out, err = run_io("bands", "apply", "--in-place", "-",
                      os.path.join(ROOT, "tests", "bands", "apply_data.csv"),
                      "--as-of", "2021-12-31", input_bytes=guide_bytes)
check("bands apply --in-place - is refused", rc == 2
      and "--in-place: standard input ('-') is no file to replace" in err
      and not os.path.exists(os.path.join(ROOT, "-")), f"{rc} {err!r}")

# A closed standard input is not an empty guide.
p = subprocess.run(f'exec 0<&-; "{LEVERS}" check -', shell=True, cwd=ROOT,
                   capture_output=True, text=True, timeout=60)
check("check - with stdin closed says so", p.returncode == 2
      and "<stdin>: standard input is closed" in p.stderr, f"{p.returncode} {p.stderr!r}")

# A pipe left non-blocking is waited for, not refused.
r, w = os.pipe()
os.set_blocking(r, False)
proc = subprocess.Popen([LEVERS, "check", "--today", "2026-11-23", "-"], cwd=ROOT, stdin=r,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(r)
time.sleep(0.3)  # levers is waiting on the empty pipe by now
try:
    os.write(w, guide_bytes)
except BrokenPipeError:
    pass  # levers has given up on the pipe: the check below says so
os.close(w)
try:
    out_b, err_b = proc.communicate(timeout=60)
    rc = proc.returncode
except subprocess.TimeoutExpired:
    proc.kill()
    out_b, err_b, rc = b"", b"still running", None
check("check - reads a non-blocking pipe", rc == 0 and b"1 guide checked" in out_b,
      f"{rc} {err_b!r}")

# A guide on stdin is bounded like a file: a stream that never ends is
# refused at the limit, not read for ever.
with tempfile.TemporaryFile() as big:
    big.truncate(70 << 20)  # 70 MB of zeros: over the 64 MiB limit for guides
    big.seek(0)
    rc, out, err = run_io("check", "-", stdin=big, timeout=120)
check("check - refuses more than a guide's limit", rc == 2 and "<stdin>: more than" in err
      and "guides are limited to" in err, f"{rc} {err!r}")

tmp = tempfile.mkdtemp(prefix="levers-stdio-cli-")
try:
    # build takes a folder: "-" is not one.
    rc, out, err = run_io("build", "-", os.path.join(tmp, "site-stdin"), input_bytes=guide_bytes)
    check("build - is refused", rc == 2 and err.startswith("levers: -: a site is built from")
          and not os.path.exists(os.path.join(tmp, "site-stdin")), f"{rc} {out!r} {err!r}")

    # A file named "-" is "./-".
    shutil.copy(GUIDE, os.path.join(tmp, "-"))
    p = subprocess.run([LEVERS, "check", "--today", "2026-11-23", "./-"], cwd=tmp,
                       capture_output=True, text=True, timeout=60)
    check("check ./- reads the file named -", p.returncode == 0
          and "1 guide checked" in p.stdout, f"{p.returncode} {p.stderr!r}")

    # A file named on the command line is refused for a control character or
    # a byte that is not UTF-8 in its name, as a folder scan refuses it.
    for name in (b"new\nline.md", b"caf\xe9.md"):
        with open(os.path.join(tmp.encode(), name), "wb") as f:
            f.write(guide_bytes)
        p = subprocess.run([LEVERS.encode(), b"check", os.path.join(tmp.encode(), name)],
                           capture_output=True, timeout=60)
        err = p.stderr.decode("utf-8", "replace")
        check(f"check names {name!r} and refuses it", p.returncode == 2
              and ("control character (U+000A)" in err or "not valid UTF-8 (byte \\xE9)" in err)
              and "every guide was refused; nothing was checked" in err
              and "\ufffd" not in err, f"{p.returncode} {err!r}")

    # A path that is there but cannot be reached says why, not "no such file".
    loop = os.path.join(tmp, "loop")
    os.symlink("loop", loop)
    rc, out, err = run("check", loop)
    check("check names a loop of links as one", rc == 2
          and "Too many levels of symbolic links" in err
          and "no such file" not in err, f"{rc} {err!r}")

    # --- output that could not be written ------------------------------------
    with open("/dev/full", "wb") as full:
        for args in (["check", "--today", "2026-11-23", GUIDE],
                     ["parse", GUIDE],
                     ["render", "--to", "md", GUIDE],
                     ["offer", "evaluate", OFFER],
                     ["--version"],
                     ["check", "--help"]):
            rc, _, err = run_io(*args, stdout=full)
            check(f"{' '.join(args[:2])} > /dev/full exits 2 and says why, once",
                  rc == 2 and err.count("cannot write standard output: No space left on "
                                        "device") == 1, f"{rc} {err!r}")
        # The bands commands write their output themselves, then main checks again.
        rc, _, err = run_io("bands", "build", "--as-of", "2021-12-31",
                            os.path.join(ROOT, "tests", "bands", "apply_data.csv"), stdout=full)
        check("bands build > /dev/full says why once",
              rc == 2 and err.count("cannot write standard output") == 1, f"{rc} {err!r}")

    # A file size limit cuts the output part-way: the command says so.
    def limit_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    with open(os.path.join(tmp, "parse.json"), "wb") as f:
        rc, _, err = run_io("parse", os.path.join(ROOT, "data", "guides"), stdout=f,
                            preexec_fn=limit_size)
    check("parse past a file size limit exits 2 and says why",
          rc == 2 and "cannot write standard output: File too large" in err, f"{rc} {err!r}")

    # A closed stdout: said, and its number is never a file the command writes.
    site = os.path.join(tmp, "site-closed")
    p = subprocess.run(f'exec 1>&-; "{LEVERS}" build --today 2026-11-23 data/guides "{site}"',
                       shell=True, cwd=ROOT, stderr=subprocess.PIPE, text=True, timeout=120)
    polluted = [str(f) for f in pathlib.Path(site).rglob("*") if f.is_file()
                and b" guide pages from " in f.read_bytes()] \
        if os.path.isdir(site) else ["(no site)"]
    check("build with stdout closed exits 2 and says so", p.returncode == 2
          and "cannot write standard output: it is closed" in p.stderr, f"{p.returncode} "
          f"{p.stderr!r}")
    check("build with stdout closed writes its summary into no page", polluted == [],
          repr(polluted))

    # bands apply to stdout: the guide it printed is lost, so it is no success.
    with open("/dev/full", "wb") as full:
        rc, _, err = run_io("bands", "apply", os.path.join(ROOT, "tests", "bands",
                                                           "google-software-engineer.md"),
                            os.path.join(ROOT, "tests", "bands", "apply_data.csv"),
                            "--as-of", "2021-12-31", stdout=full)
    check("bands apply > /dev/full exits 2",
          rc == 2 and "cannot write standard output" in err, f"{rc} {err!r}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

checks.finish()
