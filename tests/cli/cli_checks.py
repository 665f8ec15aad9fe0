"""What the CLI test scripts share: running the binary from the repository
root, and counting checks. Usage: checks = CliChecks(LEVERS_BIN, REPO_ROOT);
checks.run(...), checks.check(...), then checks.finish()."""
import pathlib
import subprocess
import sys


class CliChecks:
    def __init__(self, levers, root):
        self.levers, self.root = levers, pathlib.Path(root)
        self.passed = self.failed = 0

    def run(self, *args, timeout=60):
        """(exit code, stdout, stderr) of levers ARGS (each made a str), run in the
        repository root; (None, "", why) when it is still running after `timeout`
        seconds (it is then killed)."""
        try:
            p = subprocess.run([self.levers, *map(str, args)], cwd=self.root, capture_output=True,
                               text=True, errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, "", f"still running after {timeout} s"
        return p.returncode, p.stdout, p.stderr

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}\n  {detail[:2000]}")

    def finish(self):
        """Prints the counts and exits non-zero when a check failed."""
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
