#!/usr/bin/env python3
"""Runs the levers binary on every golden case and diffs against the same
expected files the library runner uses (tests/golden/<area>/<case>.{json,out.md,html,diag}).

Usage: run_cli_golden.py LEVERS_BIN REPO_ROOT
Prints 'N passed, N failed' last; exits 1 on any failure.
"""
import difflib
import json
import pathlib
import subprocess
import sys


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def main():
    levers, root = sys.argv[1], pathlib.Path(sys.argv[2])
    passed = failed = currency_pages = 0
    cases = sorted(p for p in (root / "tests" / "golden").rglob("*.md") if not p.name.endswith(".out.md"))
    for case in cases:
        rel = case.relative_to(root).as_posix()
        base = case.with_suffix("")
        problems = []

        def expect(name, actual):
            expected_path = pathlib.Path(str(base) + name)
            expected = expected_path.read_text(encoding="utf-8") if expected_path.exists() else None
            if expected is None:
                problems.append(f"{expected_path} missing")
            elif expected != actual:
                diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "levers", lineterm="")
                problems.append(f"{expected_path}:\n" + "\n".join(list(diff)[:40]))

        rc, out, err = run([levers, "check", "--today", "2026-11-23", rel], root)
        # The last line is the summary; the rest is the diagnostics text.
        lines = out.splitlines(keepends=True)
        expect(".diag", "".join(lines[:-1]))
        errors = sum(1 for l in lines if ": error[" in l)
        if rc != (1 if errors else 0):
            problems.append(f"check exit code {rc} with {errors} errors")
        if pathlib.Path(str(base) + ".json").exists():
            rc, out, err = run([levers, "render", "--to", "json", rel], root)
            obj = json.loads(out)
            if obj.pop("path", None) != rel:
                problems.append("render --to json: missing or wrong path")
            expected = json.loads(pathlib.Path(str(base) + ".json").read_text(encoding="utf-8"))
            if obj != expected:
                problems.append("render --to json differs from .json")
            rc, out, err = run([levers, "render", "--to", "md", rel], root)
            expect(".out.md", out)
            rc, out, err = run([levers, "render", "--to", "html", rel], root)
            expect(".html", out)
            # <case>.<code>.html: the page with --currency CODE, given in lower
            # case as the expected file's name has it (any case is accepted).
            for page in sorted(case.parent.glob(base.name + ".???.html")):
                code = page.name[len(base.name) + 1:-len(".html")]
                rc, out, err = run([levers, "render", "--to", "html", "--currency", code, rel], root)
                if rc != 0:
                    problems.append(f"render --currency {code}: exit {rc}: {err}")
                expect(f".{code}.html", out)
                currency_pages += 1
        if problems:
            failed += 1
            print(f"FAIL {rel}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"ok   {rel}")
    print(f"{passed} passed, {failed} failed, {currency_pages} pages with --currency")
    return 1 if failed or not passed or currency_pages < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
