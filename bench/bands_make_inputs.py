#!/usr/bin/env python3
"""Writes the band benchmark's inputs: the Levels.fyi export repeated.

Usage: bands_make_inputs.py LEVELS.csv OUTDIR

OUTDIR/levels_1x.csv   the file itself (62,642 rows)
OUTDIR/levels_16x.csv  its rows 16 times (1,002,272 rows, about 200 MB)
OUTDIR/levels_10m.csv  its rows repeated to exactly 10,000,000 rows (about 2 GB)

Repeating keeps the real distribution of values and groups (each group 16x or
160x larger), which is what a bigger export of the same market looks like to
both tools. Existing files of the right size are kept.
"""
import os
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(src, "rb") as f:
        data = f.read()
    header_end = data.index(b"\n") + 1
    header, body = data[:header_end], data[header_end:]
    if not body.endswith(b"\n"):
        body += b"\n"
    # Records, not lines: a quoted field may hold a line break.
    records, start, quoted = [], 0, False
    for i, c in enumerate(body):
        if c == 0x22:
            quoted = not quoted
        elif c == 0x0A and not quoted:
            records.append(body[start:i + 1])
            start = i + 1
    n = len(records)
    targets = {"levels_1x.csv": n, "levels_16x.csv": 16 * n, "levels_10m.csv": 10_000_000}
    for name, rows in targets.items():
        path = os.path.join(out, name)
        want = len(header) + (rows // n) * len(body) + sum(len(r) for r in records[: rows % n])
        if os.path.exists(path) and os.path.getsize(path) == want:
            continue
        with open(path, "wb") as f:
            f.write(header)
            for _ in range(rows // n):
                f.write(body)
            f.write(b"".join(records[: rows % n]))
        print(f"{path}: {rows} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
