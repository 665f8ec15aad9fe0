"""What the `levers serve` test scripts share: counting checks, and a bound on
the whole run. Usage: checks = ServerChecks(limit_s=60), then
checks.check(ok, what) for each check; checks.passed and checks.failed count
them; checks.stop(server) ends a `levers serve` the script started. The
scripts of tests/server import it from their own folder; others add that
folder to sys.path first."""
import os
import signal
import subprocess


class ServerChecks:
    def __init__(self, limit_s):
        """Counts from 0; ends the process (FAIL, exit 1) once the run has
        taken `limit_s` seconds (SIGALRM)."""
        self.passed = self.failed = 0

        def on_alarm(*_):
            print(f"FAIL: the run took longer than {limit_s} s", flush=True)
            os._exit(1)

        signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(limit_s)

    def check(self, ok, what):
        """Counts `ok`; prints "FAIL: what" when it is false."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, flush=True)

    def stop(self, server):
        """Sends SIGTERM to `server` (a subprocess.Popen with its stdout and
        stderr piped) and waits for it, at most 10 s before killing it, which
        fails a check; returns what it wrote (stdout, stderr)."""
        server.send_signal(signal.SIGTERM)
        try:
            return server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
            self.check(False, "serve did not stop within 10 s of SIGTERM")
            return out, err
