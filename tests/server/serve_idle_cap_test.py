#!/usr/bin/env python3
"""Idle connections do not lock clients out of `levers serve` at --max-connections.

Serves a `memory:` store on 127.0.0.1 with --max-connections 8 and checks:
(a) with every slot held by an idle connection (four that never sent a byte,
    four kept alive after one answer), each new GET is answered 200, and the
    connection idle longest is the one closed to make room, in order;
(b) connections in the middle of a request are never closed for a newcomer:
    older partial requests survive while the idle ones beside them go, and with
    every slot holding a partial request a newcomer gets 503; each partial
    request, completed, then gets its answer;
(c) the count of open connections comes back exact: after all of the above
    closes, eight partial requests are let in and the ninth gets 503.

Usage: serve_idle_cap_test.py LEVERS_BINARY
Bounded: 127.0.0.1 only, every socket has a timeout, the run stops after 60 s.
"""

import re
import socket
import subprocess
import sys
import time

from server_checks import ServerChecks

LEVERS = sys.argv[1]
CAP = 8
checks = ServerChecks(limit_s=60)
check = checks.check

# A request deadline far past the run: nothing here is closed by it.
server = subprocess.Popen([LEVERS, "serve", "--db", "memory:", "--listen", "127.0.0.1:0",
                           "--reload-interval", "0", "--max-connections", str(CAP),
                           "--request-timeout", "120"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
if not m:
    print("FAIL: no serving line:", line, flush=True)
    server.kill()
    sys.exit(1)
PORT = int(m.group(1))
GET = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
PARTIAL = b"GET /api/health HTTP/1.1\r\nHost: x\r\n"  # the headers' end is missing


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    s.settimeout(5)
    return s


def read_status(s):
    """The status of one whole answer on `s` (its body read too); 0 when closed
    first, -1 when what came is no answer's start."""
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                return 0
            buf += chunk
        head, body = buf.split(b"\r\n\r\n", 1)
        status = re.match(rb"HTTP/1\.1 (\d{3}) ", head)
        length = re.search(rb"\r\nContent-Length: (\d+)", head)
        if not status or not length:
            return -1
        length = int(length.group(1))
        while len(body) < length:
            chunk = s.recv(4096)
            if not chunk:
                return 0
            body += chunk
    except (ConnectionResetError, socket.timeout):
        return 0
    return int(status.group(1))


def closed_by_server(s):
    """True when the server has closed `s`; False when it is still open, idle.
    (A connection closed to make room is closed before the newcomer is served.)"""
    s.settimeout(0.1)
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False
    finally:
        s.settimeout(5)


def answered_at_once(s):
    """The status `s` is answered with within 0.3 s, or None (still waiting)."""
    s.settimeout(0.3)
    try:
        first = s.recv(12)
    except socket.timeout:
        return None
    finally:
        s.settimeout(5)
    return int(first.split(b" ")[1]) if first.startswith(b"HTTP/1.1 ") else 0


def keep_alive_after_one_request():
    s = connect()
    s.sendall(GET)
    check(read_status(s) == 200, "the first request on a keep-alive connection")
    return s


open_sockets = []
try:
    # (a) Four never-sent connections (idle longest), then four kept alive;
    # 0.1 s apart, so that each is idle from before the next arrives.
    held = []
    for i in range(CAP):
        held.append(connect() if i < CAP // 2 else keep_alive_after_one_request())
        time.sleep(0.1)
    open_sockets += held
    for i in range(CAP):
        newcomer = connect()
        open_sockets.append(newcomer)
        newcomer.sendall(GET)
        status = read_status(newcomer)
        check(status == 200, f"newcomer {i + 1} with every slot idle: {status}")
        # It stays open, idle from now: the newest. The one idle longest went.
        still_open = [j for j, s in enumerate(held) if not closed_by_server(s)]
        check(still_open == list(range(i + 1, CAP)),
              f"after newcomer {i + 1} the held connections still open are {still_open}")

    for s in open_sockets:
        s.close()
    open_sockets = []
    time.sleep(0.5)

    # (b) Older partial requests stay while the idle ones beside them go.
    partial = []
    for _ in range(CAP - 2):
        s = connect()
        s.sendall(PARTIAL)
        partial.append(s)
    time.sleep(0.3)
    idle = [connect(), keep_alive_after_one_request()]
    # As in (a): the server counts a kept-alive connection idle from when it
    # has finished writing the answer, which a loaded machine can delay past
    # the client's reading it; the pause makes both idle before any newcomer.
    time.sleep(0.1)
    open_sockets += partial + idle
    for i in range(2):
        newcomer = connect()
        open_sockets.append(newcomer)
        newcomer.sendall(GET)
        status = read_status(newcomer)
        check(status == 200, f"newcomer {i + 1} beside partial requests: {status}")
        check(closed_by_server(idle[i]), f"idle connection {i + 1} closed for newcomer {i + 1}")
    check(not any(closed_by_server(s) for s in partial), "a partial request was closed")
    # Every slot now holds a partial request or a newcomer kept alive (idle):
    # two more newcomers take the two newcomers' slots, a third gets 503.
    for i in range(2):
        s = connect()
        open_sockets.append(s)
        s.sendall(PARTIAL)
        check(answered_at_once(s) is None, f"partial request {CAP - 1 + i} let in")
    refused = connect()
    refused.sendall(GET)
    status = read_status(refused)
    refused.close()
    check(status == 503, f"a newcomer with every slot mid-request: {status}")
    for i, s in enumerate(partial + open_sockets[-2:]):
        s.sendall(b"\r\n")
        status = read_status(s)
        check(status == 200, f"partial request {i + 1}, completed: {status}")

    for s in open_sockets:
        s.close()
    open_sockets = []

    # (c) Exactly CAP slots again: none leaked, none counted twice. A slot
    # closed by the client is freed as soon as the server reads the close;
    # that is waited for, at most 5 times 0.5 s.
    for attempt in range(5):
        time.sleep(0.5)
        partial = []
        let_in = 0
        for _ in range(CAP):
            s = connect()
            s.sendall(PARTIAL)
            partial.append(s)
        let_in = sum(answered_at_once(s) is None for s in partial)
        if let_in == CAP or attempt == 4:
            break
        for s in partial:
            s.close()
    open_sockets += partial
    check(let_in == CAP, f"{let_in} of {CAP} partial requests let in after everything closed")
    extra = connect()
    extra.sendall(PARTIAL)
    status = answered_at_once(extra)
    extra.close()
    check(status == 503, f"partial request {CAP + 1}: {status}")
    for i, s in enumerate(partial):
        s.sendall(b"\r\n")
        status = read_status(s)
        check(status == 200, f"partial request {i + 1} of the last {CAP}, completed: {status}")
finally:
    for s in open_sockets:
        s.close()
    _, err = checks.stop(server)
check(server.returncode == 0, f"exit code {server.returncode}, stderr {err!r}")
print("FAILED" if checks.failed else "ok", flush=True)
sys.exit(1 if checks.failed else 0)
