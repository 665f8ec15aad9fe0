#!/usr/bin/env python3
"""scripts/check-node.sh against fake `node` programs.

Usage: run_node_check.py REPO_ROOT

The browser tests need Node.js 20 or newer; scripts/setup-deps.sh runs
check-node.sh, which must fail on Debian 12's Node.js 18 (or no node) with a
message saying what to install, and pass on 20 and later. Prints one line per
case and exits 1 when any failed.
"""

import os
import pathlib
import subprocess
import sys
import tempfile

MESSAGE = ("levers: the browser tests need Node.js 20 or newer (playwright-core 1.65.1, "
           "tests/browser/package.json); node --version says '{}'. Debian 12 ships only "
           "Node.js 18: install Node.js 20 or newer (a release from https://nodejs.org/, or the "
           "nodejs package of https://deb.nodesource.com/), put its node and npm first on PATH, "
           "and run this again")


def main():
    script = pathlib.Path(sys.argv[1]) / "scripts" / "check-node.sh"
    failed = 0
    with tempfile.TemporaryDirectory(prefix="levers-node-check-") as tmp:
        def run(version, *args):
            bin_dir = pathlib.Path(tmp) / (version or "none")
            bin_dir.mkdir(exist_ok=True)
            if version:
                node = bin_dir / "node"
                node.write_text(f"#!/bin/sh\necho {version}\n")
                node.chmod(0o755)
            p = subprocess.run(["/bin/bash", str(script), *args], capture_output=True, text=True,
                               env={"PATH": str(bin_dir)})
            return p.returncode, p.stderr

        cases = [
            ("Debian 12's node", ("v18.20.4",), (1, MESSAGE.format("v18.20.4") + "\n")),
            ("no node", ("",), (1, MESSAGE.format("nothing") + "\n")),
            ("node 18, building only", ("v18.20.4", "--warn"),
             (0, MESSAGE.format("v18.20.4") + " (not needed to build and serve; going on)\n")),
            ("node 9 is not 90", ("v9.11.2",), (1, MESSAGE.format("v9.11.2") + "\n")),
            ("node 20", ("v20.0.0",), (0, "")),
            ("node 22", ("v22.11.0",), (0, "")),
        ]
        for name, args, want in cases:
            got = run(*args)
            ok = got == want
            failed += not ok
            print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {got!r}, want {want!r}"))
    print("node check: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
