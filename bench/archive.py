#!/usr/bin/env python3
"""Archive and restore throughput (not a test).

Starts the release server on a scratch SQLite database, storage and archive folder, makes a
200-image gallery (distinct copies of the corpus's demo photos, real sizes), then, as its
photographer, archives it by hand ("Archive now") and restores it ("Restore all originals"),
each run by the server's own job worker. The speed of each is read from what the server
measured (`tier_moves`: bytes and milliseconds of the copying runs), and compared with `cp` of
the same files in the same run (median of 3, warm page cache on both; neither side syncs to disk).

Our archive writes each file to the archive under a temporary name, renames it, reads it back
whole to check its SHA-256, then deletes the live copy; a restore does the same the other way.
`cp` only copies into the page cache, so the ratio shows what the checking and flushing cost;
`cp` followed by `sync` of the copy is printed too, for the price of the flush alone. Prints
`archive: ours/cp = RATIO` and `restore: ours/cp = RATIO`.
"""
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, release_server  # noqa: E402

PORT = 3198
IMAGES = 200


def main():
    prepare = [["seed-large", "--photos", str(IMAGES), "--slug", "bench"]]
    with release_server(PORT, "archive", prepare) as (_pid, work, base):
        run(work, base)


def wait_for(op, gallery, archived):
    for _ in range(1200):
        storage = json.loads(op.call("/api/galleries/storage", form={"id": gallery}))
        if storage["archived_photos"] == archived and not storage["moving"]:
            return
        time.sleep(0.1)
    sys.exit(f"the gallery did not reach {archived} archived photos")


def measured(work, direction):
    with sqlite3.connect(f"{work}/bench.db") as db:
        row = db.execute("SELECT bytes, millis FROM tier_moves WHERE direction = ? ORDER BY id DESC LIMIT 1",
                         (direction,)).fetchone()
    return row[0], row[1] / 1000


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


def cp_seconds(source, work, durable=False):
    """`cp -r` of `source` into a fresh scratch folder (then `sync` of it when `durable`, as our
    moves flush every copy before they count on it), median of 3."""
    times = []
    for n in range(3):
        target = os.path.join(work, f"cp-{n}")
        started = time.perf_counter()
        subprocess.run(["cp", "-r", source, target], check=True)
        if durable:
            subprocess.run(["sync", "-f", target], check=True)
        times.append(time.perf_counter() - started)
        shutil.rmtree(target)
    return statistics.median(times)


def run(work, base):
    op = Client(base)
    op.call("/api/auth/sign_in", form={"email": "demo@proofroom.local", "password": "proofroom-demo"})
    gallery = next(g["id"] for g in json.loads(op.call("/api/galleries/list", data={})) if g["slug"] == "bench")
    live = os.path.join(work, "objects", "originals")
    total = folder_bytes(live)
    cp_live = cp_seconds(live, work)
    cp_live_synced = cp_seconds(live, work, durable=True)

    op.call("/api/galleries/archive", form={"id": gallery})
    wait_for(op, gallery, IMAGES)
    archived_bytes, archive_s = measured(work, "archive")
    archive = os.path.join(work, "archive", "originals")
    archive_total = folder_bytes(archive)
    cp_archive = cp_seconds(archive, work)

    op.call("/api/galleries/restore", form={"id": gallery})
    wait_for(op, gallery, 0)
    restored_bytes, restore_s = measured(work, "restore")

    mb = total / 1e6
    print(f"{IMAGES} originals, {archive_total / 1e6:.0f} MB (with the demo gallery's, {mb:.0f} MB live); "
          f"cp {mb / cp_live:.0f} MB/s (live → scratch), {archive_total / 1e6 / cp_archive:.0f} MB/s (archive → scratch)")
    print(f"archive run: {archived_bytes / 1e6:.0f} MB in {archive_s:.2f} s = {archived_bytes / 1e6 / archive_s:.0f} MB/s "
          "(copy, read back, SHA-256, delete)")
    print(f"restore run: {restored_bytes / 1e6:.0f} MB in {restore_s:.2f} s = {restored_bytes / 1e6 / restore_s:.0f} MB/s "
          "(copy, read back, SHA-256)")
    print(f"cp then sync: {mb / cp_live_synced:.0f} MB/s; archive: ours/(cp+sync) = "
          f"{(archived_bytes / archive_s) / (total / cp_live_synced):.2f}")
    print(f"archive: ours/cp = {(archived_bytes / archive_s) / (total / cp_live):.2f}")
    print(f"restore: ours/cp = {(restored_bytes / restore_s) / (archive_total / cp_archive):.2f}")


if __name__ == "__main__":
    main()
