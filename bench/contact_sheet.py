#!/usr/bin/env python3
"""Contact sheet benchmark (not a test).

Starts the release server on a scratch database, makes a 500-image gallery of the corpus's demo
photos, each cropped differently (so all 500 thumbnails are distinct: identical images would be
embedded once), and measures over HTTP (curl, warm, median of 5) the time from the
request to the last byte of the complete PDF of all 500 photos, and the PDF's size. The
thumbnails are embedded as stored (no re-encode), so the size is mostly theirs.

Prints `contact_sheet_500: MS ms` (goal <= 1000 ms) and `contact_sheet_500_size: MB MB`.
"""
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, release_server, seeded_gallery  # noqa: E402

PORT = 3198
IMAGES = 500


def main():
    with release_server(PORT, "contact-sheet", [["seed"]]) as (_pid, work, base):
        client = Client(base)
        seeded_gallery(client, IMAGES, distinct_pixels=True)
        out = os.path.join(tempfile.mkdtemp(), "sheet.pdf")

        def once():
            timing = subprocess.run(
                ["curl", "-sf", "-o", out, "-w", "%{time_total}", "-H", f"Cookie: {client.cookie()}",
                 base + "/contact-sheet/bench/all"],
                check=True, capture_output=True, text=True,
            )
            return float(timing.stdout)

        once()
        times = [once() for _ in range(5)]
        size = os.path.getsize(out)
        pages = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        print(f"contact sheet of {IMAGES} photos: {pages} pages; runs {', '.join(f'{t * 1000:.0f}' for t in times)} ms")
        print(f"contact_sheet_500: {statistics.median(times) * 1000:.0f} ms")
        print(f"contact_sheet_500_size: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
