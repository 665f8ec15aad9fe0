#!/usr/bin/env python3
"""levers build publishes no path of the editor's disk: the site names each
file by its path under SRC (docs/web.md, "Paths on the site"), so the bundled
corpus built from data/guides, ./data/guides/ and its absolute path gives the
same files byte for byte, and none holds the absolute path. A corpus with a
second guide for one job, a file that gives no guide and a link out of the
folder shows them on health.html by their paths under SRC, while the terminal
keeps the paths as given.

Usage: run_site_paths_cli.py LEVERS_BINARY REPO_ROOT
Bounded: every command has a timeout.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

LEVERS, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
GUIDES = os.path.join(ROOT, "data", "guides")
checks = CliChecks(LEVERS, ROOT)
check = checks.check


def build(src, out, cwd):
    """(exit code, stdout, stderr) of levers build --today 2026-11-23 SRC OUT run in CWD."""
    p = subprocess.run([LEVERS, "build", "--today", "2026-11-23", src, out], cwd=cwd,
                       capture_output=True, text=True, errors="replace", timeout=120)
    return p.returncode, p.stdout, p.stderr


def files_under(top):
    """{path under top: bytes} of every file under `top`."""
    out = {}
    for folder, _, names in os.walk(top):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, top)] = f.read()
    return out


def same_sites(name, sites):
    """Checks that every site of `sites` ({how SRC was given: folder}) holds the
    same files with the same bytes as the first."""
    (first_how, first), *rest = sites.items()
    want = files_under(first)
    for how, site in rest:
        got = files_under(site)
        differ = sorted(p for p in set(want) | set(got) if want.get(p) != got.get(p))
        check(f"{name}: built from {how} as from {first_how}", not differ and len(got) > 5,
              f"{len(differ)} files differ: {differ[:10]}")


def holding(site, text):
    """The files under `site` whose bytes hold `text`."""
    needle = text.encode()
    return sorted(p for p, data in files_under(site).items() if needle in data)


tmp = tempfile.mkdtemp(prefix="levers-site-paths-")
try:
    # The bundled corpus, from the repository root, given three ways.
    sites = {}
    for how in ("data/guides", "./data/guides/", GUIDES):
        site = os.path.join(tmp, f"bundled-{len(sites)}")
        rc, out, err = build(how, site, ROOT)
        check(f"build {how}", rc == 0 and "built 10 guide pages" in out, f"{rc} {out!r} {err!r}")
        sites[how] = site
    same_sites("bundled corpus", sites)
    for how, site in sites.items():
        check(f"no file of the site built from {how} holds {GUIDES}",
              not holding(site, GUIDES) and not holding(site, ROOT), holding(site, ROOT))
        check(f"no file of the site built from {how} holds data/guides",
              not holding(site, "data/guides"), holding(site, "data/guides"))
    with open(os.path.join(sites[GUIDES], "guides.json"), encoding="utf-8") as f:
        json_text = f.read()
    check("guides.json names each guide by its file name",
          '{"path":"ambertrail-freight--product-manager.md",'
          '"page":"ambertrail-freight--product-manager.html",' in json_text, json_text[:300])

    # An editor's folder with findings that name files: a second guide for one
    # job (in a subfolder), a file that gives no guide, a link out of the folder.
    editor = os.path.join(tmp, "home", "editor")
    src = os.path.join(editor, "guides")
    os.makedirs(os.path.join(src, "sub"))
    first = "ambertrail-freight--product-manager.md"
    shutil.copy(os.path.join(GUIDES, first), src)
    shutil.copy(os.path.join(GUIDES, first), os.path.join(src, "sub", "copy.md"))
    open(os.path.join(src, "notes.md"), "w").close()
    shutil.copy(os.path.join(GUIDES, first), os.path.join(editor, "private.md"))
    os.symlink(os.path.join(editor, "private.md"), os.path.join(src, "away.md"))
    sites = {}
    for how, cwd in (("guides", editor), ("./guides/", editor), (src, ROOT), ("../guides", src)):
        site = os.path.join(tmp, f"editor-{len(sites)}")
        rc, out, err = build(how, site, cwd)
        check(f"build the editor's folder as {how}", rc == 0 and "built 2 guide pages" in out,
              f"{rc} {out!r} {err!r}")
        sites[how] = site
        # The terminal keeps the paths as given, as levers check prints them.
        given = how.rstrip("/") + "/"
        check(f"{how}: the terminal names the first guide as given",
              f"error[duplicate-guide]: a second guide for ambertrail-freight / product-manager;"
              f" the first is {how}{'' if how.endswith('/') else '/'}{first}\n" in err,
              err)
        check(f"{how}: the terminal names where the link out leads",
              f"{given}away.md: a symbolic link to {os.path.realpath(editor)}/private.md, "
              f"outside the folder {how}; not read" in err, err)
    same_sites("editor's folder", sites)
    for how, site in sites.items():
        check(f"no file of the site built from {how} holds {editor}",
              not holding(site, editor) and not holding(site, os.path.realpath(editor)),
              holding(site, editor))
    with open(os.path.join(sites[src], "health.html"), encoding="utf-8") as f:
        health = f.read()
    check("health.html: the duplicate-guide message names the first guide under SRC",
          "<td>a second guide for ambertrail-freight / product-manager; the first is "
          f"{first}</td>" in health, health)
    check("health.html: the file that gives no guide by its path under SRC",
          "<td>notes.md</td><td class=\"num\">1:1</td><td><code>empty-file</code>" in health,
          health)
    check("health.html: the link out of the folder, not where it leads",
          "<td>away.md</td><td class=\"num\"></td><td><code>refused-file</code></td>"
          "<td>a symbolic link to a file outside the folder of guides; not read</td>" in health
          and "private.md" not in health, health)
    with open(os.path.join(sites[src], "guides.json"), encoding="utf-8") as f:
        json_text = f.read()
    check("guides.json: a guide in a subfolder by its path under SRC",
          '{"path":"sub/copy.md","page":"sub/copy.html",' in json_text, json_text[:300])

    # One guide file given as SRC is named by its file name.
    site = os.path.join(tmp, "one")
    rc, out, err = build(os.path.join(src, "sub", "copy.md"), site, ROOT)
    with open(os.path.join(site, "guides.json"), encoding="utf-8") as f:
        json_text = f.read()
    check("one file given as SRC is named by its file name",
          rc == 0 and json_text.startswith('[\n{"path":"copy.md","page":"copy.html",')
          and not holding(site, editor), f"{rc} {err!r} {json_text[:200]!r}")

    # build takes one SRC: a second is a usage error, so no two folders can
    # give one path under each.
    two = os.path.join(tmp, "two")
    p = subprocess.run([LEVERS, "build", src, GUIDES, two], cwd=ROOT, capture_output=True,
                       text=True, errors="replace", timeout=60)
    check("build refuses a second SRC", p.returncode == 2 and not os.path.exists(two),
          f"{p.returncode} {p.stderr!r}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

checks.finish()
