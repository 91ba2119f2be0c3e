#!/usr/bin/env python3
"""Which tables a running worker's commits write: its WAL's frames, counted by table.

Usage: scripts/wal-frames.py <worker-pid> [--store fault] [--copy-every SECONDS]

Reads the worker's `--state-dir` from its command line, then reads
`<state-dir>/<store>/state.sqlite-wal` every 20 ms until the process exits, keeping each frame's
page number (a frame is known by the WAL's salt and its place in the file, so a frame read twice
counts once; frames written and overwritten between two reads are missed, which leaves the
shares, not the totals, meaningful). Every SECONDS it copies the database (`sqlite3 .backup`,
which costs the worker a little I/O), and at the end maps page numbers to tables and indexes with
SQLite's `dbstat` on the last copy; pages that copy does not have (allocated after it) are
counted as "(after the last copy)".

Example (docs/performance.md, session 32): start `onepoint-bench fault --skip-storm --runs 1
--latency-seconds 1 --count 200000`, then
`scripts/wal-frames.py $(pgrep -f "onepoint-fault --config" | head -1)`.
"""
import argparse
import collections
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("--store", default="fault", help="the store's folder under --state-dir (default: fault)")
    parser.add_argument("--copy-every", type=float, default=3.0, help="seconds between copies of the database (default: 3)")
    args = parser.parse_args()
    try:
        words = open(f"/proc/{args.pid}/cmdline", "rb").read().split(b"\0")
        state_dir = words[words.index(b"--state-dir") + 1].decode()
    except (OSError, ValueError, IndexError):
        sys.exit(f"wal-frames: process {args.pid} is not running or has no --state-dir argument")
    database = os.path.join(state_dir, args.store, "state.sqlite")
    folder = tempfile.mkdtemp(prefix="wal-frames-")
    snapshot = os.path.join(folder, "copy.sqlite")
    frames = {}
    copied_at = time.monotonic()
    known = (None, 0)  # the salts of the WAL's current pass, and how many of its frames were read
    while os.path.exists(f"/proc/{args.pid}"):
        try:
            with open(database + "-wal", "rb") as wal:
                header = wal.read(32)
                if len(header) == 32:
                    page_size = struct.unpack(">I", header[8:12])[0]
                    salts = struct.unpack(">II", header[16:24])
                    index = known[1] if known[0] == salts else 0
                    wal.seek(32 + index * (24 + page_size))
                    while True:
                        frame = wal.read(24 + page_size)
                        if len(frame) < 24 + page_size:
                            break
                        page, _, salt1, salt2 = struct.unpack(">IIII", frame[:16])
                        if (salt1, salt2) != salts:
                            break  # frames of an earlier pass over the file
                        frames[(salts, index)] = page
                        index += 1
                    known = (salts, index)
        except FileNotFoundError:
            pass
        if time.monotonic() - copied_at >= args.copy_every:
            partial = os.path.join(folder, "partial.sqlite")
            if subprocess.run(["sqlite3", database, f".backup {partial}"], capture_output=True).returncode == 0:
                os.replace(partial, snapshot)
            copied_at = time.monotonic()
        time.sleep(0.02)
    if not os.path.exists(snapshot):
        sys.exit("wal-frames: the process ended before the database could be copied; use a shorter --copy-every")
    owner = dict((page, name) for name, page in sqlite3.connect(snapshot).execute("SELECT name, pageno FROM dbstat"))
    counts = collections.Counter(owner.get(page, "(after the last copy)") for page in frames.values())
    total = sum(counts.values())
    print(f"{total} frames read from {database}-wal")
    for name, count in counts.most_common():
        print(f"{count:8d} {100 * count / max(total, 1):5.1f} %  {name}")


if __name__ == "__main__":
    main()
