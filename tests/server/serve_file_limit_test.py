#!/usr/bin/env python3
"""`levers serve` fits --max-connections under the open-file limit.

Starts the server with a soft RLIMIT_NOFILE of 64 and a hard one of 128 and
the default --max-connections 1024: it must raise the soft limit to 128, say
on stderr that it serves at most 64 connections (128 less the 64 descriptors
it keeps), and then, with 64 requests in progress, answer the 65th to 70th
connections 503 at once rather than leave them waiting. Closing one
connection makes room again; so does an idle one, closed for a newcomer
without running out of descriptors.

Usage: serve_file_limit_test.py LEVERS_BINARY
Bounded: 127.0.0.1 only, every socket has a timeout, the run stops after 60 s.
"""

import re
import resource
import socket
import subprocess
import sys
import time

from server_checks import ServerChecks

LEVERS = sys.argv[1]
checks = ServerChecks(limit_s=60)
check = checks.check


def low_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 128))


server = subprocess.Popen([LEVERS, "serve", "--db", "memory:", "--listen", "127.0.0.1:0",
                           "--reload-interval", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          preexec_fn=low_limit)
clients = []
try:
    line = server.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        print("FAIL: no serving line:", line, server.stderr.read(), flush=True)
        sys.exit(1)
    port = int(m.group(1))
    with open("/proc/%d/limits" % server.pid) as f:
        limits = [l for l in f if l.startswith("Max open files")][0].split()
    check(limits[3:5] == ["128", "128"], "soft limit raised to the hard one: %s" % limits)

    def connect():
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.settimeout(5)
        return s

    partial = b"GET /api/health HTTP/1.1\r\nHost: x\r\n"  # the headers' end is missing
    for _ in range(64):
        clients.append(connect())
        clients[-1].sendall(partial)
    time.sleep(0.5)  # all 64 accepted, each with a request in progress
    busy = 0
    for _ in range(6):
        s = connect()
        try:
            answer = s.recv(4096)
        except socket.timeout:
            answer = b""
        busy += answer.startswith(b"HTTP/1.1 503 ")
        s.close()
    check(busy == 6, "the 6 connections over the cap of 64 get 503 (%d did)" % busy)
    clients[0].settimeout(0.2)
    try:
        idle = clients[0].recv(16)
    except socket.timeout:
        idle = None
    check(idle is None, "a request in progress within the cap stays open and unanswered: %r"
          % idle)

    clients.pop(0).close()
    time.sleep(0.3)
    s = connect()
    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    answer = s.recv(4096)
    s.close()
    check(answer.startswith(b"HTTP/1.1 200 "), "room again after one closes: %r" % answer[:40])

    # The 63 requests finished and answered, their connections are idle: six
    # newcomers are each served in the place of one.
    for s in clients:
        s.sendall(b"\r\n")
        answer = s.recv(4096)
        check(answer.startswith(b"HTTP/1.1 200 "), "a request completed: %r" % answer[:40])
    served = 0
    for _ in range(6):
        s = connect()
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        served += s.recv(4096).startswith(b"HTTP/1.1 200 ")
        clients.append(s)
    check(served == 6, "newcomers served in the place of idle connections: %d of 6" % served)
finally:
    for s in clients:
        s.close()
    _, err = checks.stop(server)
check(err == "levers: --max-connections 1024 lowered to 64: the open-file limit (ulimit -n) is "
      "128 and serving keeps 64 descriptors for itself\n", "stderr: %r" % err)
check(server.returncode == 0, "exit code %s" % server.returncode)
print("FAILED" if checks.failed else "ok", flush=True)
sys.exit(1 if checks.failed else 0)
