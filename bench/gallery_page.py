#!/usr/bin/env python3
"""Client gallery page cost and the browser bundle (not a test).

Starts the release server on a scratch SQLite database with two galleries made by
`server seed-large` (100 and 10,000 photos, copies of the demo photos), then measures with wrk
(16 connections, 10 s, after a warm-up):

- gallery_ssr_10000: requests/s of the 100-photo page divided by the 10,000-photo page's
  (`ours/ours_100`; goal <= 1.5: the page costs the same at any size), with both figures, the
  p50 at one connection, and the 10,000-photo page's HTML size raw and brotli (goal <= 100 KiB).
- wasm_brotli: the bundle a client downloads before the gallery is interactive, as served
  (the build's brotli copy), in KiB (goal <= 250).
"""
import glob
import os
import re
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, release_server  # noqa: E402

PORT = 3198


def wrk(url, connections, seconds=10):
    out = subprocess.run(["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
                          "--latency", url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    return rps, float(p50.group(1)) * scale


def size(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request) as response:
        return len(response.read())


def main():
    prepare = [["seed-large", "--photos", "100", "--slug", "g100"], ["seed-large", "--photos", "10000", "--slug", "g10000"]]
    with release_server(PORT, "gallery", prepare) as (_pid, _work, base):
        small, large = f"{base}/g/g100", f"{base}/g/g10000"
        for url in (small, large):
            wrk(url, 4, 3)  # warm-up
        rps_small, _ = wrk(small, 16)
        rps_large, _ = wrk(large, 16)
        _, p50_small = wrk(small, 1, 5)
        _, p50_large = wrk(large, 1, 5)
        raw, packed = size(large, "identity"), size(large, "br")
    print(f"100 photos: {rps_small:.0f} req/s, p50 {p50_small:.1f} ms at 1 connection")
    print(f"10,000 photos: {rps_large:.0f} req/s, p50 {p50_large:.1f} ms at 1 connection; "
          f"HTML {raw / 1024:.0f} KiB, {packed / 1024:.1f} KiB brotli")
    print(f"gallery_ssr_10000: ours/ours_100 = {rps_small / rps_large:.2f}")
    print(f"gallery_ssr_10000_html_brotli: {packed / 1024:.1f} KiB")
    for bundle in ("client", "studio"):
        bundle_sizes(bundle)


def bundle_sizes(bundle):
    """Prints what a bundle costs as served (brotli 11): the part a page needs before it is
    interactive (main wasm, its script and the lazy parts' loader) and the lazy parts fetched
    when a dialog first opens. `wasm_brotli` is the client bundle's first part; the studio
    bundle (the photographer's editor and pages) is reported beside it."""
    pkg = os.path.join(ROOT, "target/site/pkg")
    main = glob.glob(os.path.join(pkg, f"{bundle}-*_bg.wasm"))
    if not main:
        return
    name = os.path.basename(main[0])[: -len("_bg.wasm")]
    first = [f"{name}_bg.wasm", f"{name}.js", f"{name}_split.js"]
    lazy = [os.path.basename(p) for p in glob.glob(os.path.join(pkg, f"{name}_*.wasm")) if not p.endswith("_bg.wasm")]
    served = sum(os.path.getsize(os.path.join(pkg, f + ".br")) for f in first if os.path.exists(os.path.join(pkg, f)))
    parts = sum(os.path.getsize(os.path.join(pkg, f + ".br")) for f in lazy)
    print(f"{bundle}: wasm {os.path.getsize(main[0]) / 1024:.0f} KiB raw; first load as served (brotli 11) "
          f"{served / 1024:.0f} KiB; {len(lazy)} lazy parts {parts / 1024:.0f} KiB")
    print(f"{'wasm_brotli' if bundle == 'client' else 'wasm_brotli_studio'}: {served / 1024:.0f} KiB")

if __name__ == "__main__":
    main()
