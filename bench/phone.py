#!/usr/bin/env python3
"""First load of a 1,000-photo client gallery on an emulated phone (not a test).

Starts the release server with a 1,000-photo gallery (`server seed-large`), then loads it three
times cold in Chromium as a Pixel 7 on slow 4G (1.6 Mbit/s, 150 ms) with a 4x slower CPU
(bench/lcp_phone.mjs) and prints the medians:

- lcp_phone: largest contentful paint, ms (goal <= 1,500), with CLS (goal 0), the time to
  interactive (the app hydrated; goal <= 3,000 ms) and the bytes transferred.

With PROFILE=prefix, each load also writes a CPU profile, prefix-N.cpuprofile (see
bench/profile_summary.py).
"""
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, release_server  # noqa: E402

PORT = 3199
RUNS = 3


def main():
    prepare = [["seed-large", "--photos", "1000", "--slug", "large"]]
    with release_server(PORT, "phone", prepare) as (_pid, _work, base):
        runs = []
        for n in range(RUNS):
            env = dict(os.environ)
            if "PROFILE" in env:
                env["PROFILE"] = f"{env['PROFILE']}-{n + 1}.cpuprofile"
            out = subprocess.run(["node", os.path.join(ROOT, "bench/lcp_phone.mjs"), f"{base}/g/large"],
                                 check=True, capture_output=True, text=True, env=env).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
            print(runs[-1])
    median = {key: statistics.median(r[key] for r in runs) for key in ("lcp", "cls", "interactive", "bytes")}
    print(f"lcp_phone_interactive: {median['interactive']:.0f} ms")
    print(f"lcp_phone_cls: {median['cls']:.3f}")
    print(f"lcp_phone_bytes: {median['bytes'] / 1024:.0f} KiB")
    print(f"lcp_phone: {median['lcp']:.0f} ms")


if __name__ == "__main__":
    main()
