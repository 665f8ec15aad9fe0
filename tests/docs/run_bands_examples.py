#!/usr/bin/env python3
"""Reproduces the examples of docs/bands.md with the levers binary.

Usage: run_bands_examples.py LEVERS_BIN REPO_ROOT

docs/bands.md shows an example document as a paragraph ending in
"Example (`levers bands ...`):" and, after a blank line, a ```json (or
```text) block with what that command writes on standard output. This script
runs each such command from the repository root (as the document's examples
run: ../shared/data beside it), with the given binary for `levers`, and
compares its standard output with the block, byte for byte, and its exit status with 0 (or the status the paragraph
names as "exit N"). A document with no such example fails: the examples
must not vanish unnoticed.

The last line printed is "N passed, N failed"; the exit status is 1 when any
example failed.
"""

import pathlib
import re
import shlex
import subprocess
import sys

EXAMPLE = re.compile(
    r"Example \(`(levers bands [^`]+)`(?:, exit (\d))?\):\n\n```(?:json|text)\n(.*?)```\n", re.S)


def main():
    levers, root = sys.argv[1], pathlib.Path(sys.argv[2])
    doc = (root / "docs" / "bands.md").read_text(encoding="utf-8")
    passed = failed = 0
    examples = EXAMPLE.findall(doc)
    if not examples:
        print("FAIL docs/bands.md has no 'Example (`levers bands ...`):' block")
        failed += 1
    for command, exit_code, want in examples:
        argv = shlex.split(command)
        p = subprocess.run([levers, *argv[1:]], cwd=root, capture_output=True, timeout=120,
                           stdin=subprocess.DEVNULL)
        got = p.stdout.decode("utf-8", "replace")
        rc = int(exit_code) if exit_code else 0
        if p.returncode == rc and got == want:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {command} (exit {p.returncode}, expected {rc}):\n"
                  f"{p.stderr.decode('utf-8', 'replace')}--- docs/bands.md\n{want}--- levers\n{got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
