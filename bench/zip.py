#!/usr/bin/env python3
"""ZIP streaming benchmark (not a test).

Starts the release server on a scratch SQLite database and storage folder, makes a 200-image
gallery (the corpus's demo photos, each made distinct by a JPEG comment segment, so sizes are
those of real photos), then measures:

- zip: reading the gallery as one ZIP of originals over HTTP (curl) to /dev/null, against nginx
  (Debian's nginx-light, sendfile on) serving the identical ZIP bytes as one file, also read by
  curl (both from a warm page cache, alternating, median of 5). Printed as `zip: ours/nginx =
  RATIO` (throughput ratio; goal >= 0.9); `cat` of the stored files is printed for context.
- zip_rss_1 / zip_rss_50: the server's peak resident memory above idle while 1 and then 50
  ZIP downloads run at once (goal: flat, under 64 MB above idle).
"""
import contextlib
import os
import sys
import urllib.request
import statistics
import subprocess
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, release_server  # noqa: E402

PORT = 3197
NGINX_PORT = 3296
IMAGES = 200


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    # 200 distinct originals (copies of the demo photos, each with its own bytes) at /g/bench.
    prepare = [["seed-large", "--photos", str(IMAGES), "--slug", "bench"]]
    with release_server(PORT, "zip", prepare) as (pid, work, base):
        run(pid, work, base)


def run(pid, work, base):
    op = Client(base)
    op.call("/api/auth/sign_in", form={"email": "demo@proofroom.local", "password": "proofroom-demo"})
    originals = [os.path.join(work, "objects", "originals", f) for f in os.listdir(os.path.join(work, "objects", "originals"))]
    total = sum(os.path.getsize(f) for f in originals)

    # The owner's session cookie, for curl (a fast client, so the server is what is measured).
    cookie = op.cookie()

    first_bytes = []

    def zip_once():
        started = time.perf_counter()
        out = subprocess.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_starttransfer}", "-H", f"Cookie: {cookie}",
                              base + "/zip/bench/all/original"], check=True, capture_output=True, text=True)
        first_bytes.append(float(out.stdout))
        return time.perf_counter() - started

    def cat_once():
        started = time.perf_counter()
        subprocess.run(["cat", *originals], stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started

    # The same ZIP bytes as one file, for nginx.
    static = os.path.join(work, "static")
    os.makedirs(static)
    subprocess.run(["curl", "-sf", "-o", os.path.join(static, "all.zip"), "-H", f"Cookie: {cookie}",
                    base + "/zip/bench/all/original"], check=True)
    # nginx's workers run as an unprivileged user: let them read the scratch folder.
    for path in (work, static):
        os.chmod(path, 0o755)
    os.chmod(os.path.join(static, "all.zip"), 0o644)
    with nginx(work, static) as nginx_url:
        def nginx_once():
            started = time.perf_counter()
            subprocess.run(["curl", "-sf", "-o", "/dev/null", nginx_url + "/all.zip"], check=True)
            return time.perf_counter() - started

        cat_once()
        zip_once()
        nginx_once()
        ours, cat, reference = [], [], []
        for _ in range(5):
            ours.append(zip_once())
            reference.append(nginx_once())
            cat.append(cat_once())
    ratio = statistics.median(reference) / statistics.median(ours)
    mb = os.path.getsize(os.path.join(static, "all.zip")) / 1e6
    print(f"archive: {IMAGES} originals, {mb:.0f} MB; ZIP {mb / statistics.median(ours):.0f} MB/s, "
          f"nginx {mb / statistics.median(reference):.0f} MB/s, cat {total / 1e6 / statistics.median(cat):.0f} MB/s")
    print(f"first byte of the ZIP after {statistics.median(first_bytes) * 1000:.0f} ms (median)")

    def peak_during(parallel):
        time.sleep(1)
        idle = rss_kb(pid)
        peak, done = idle, threading.Event()
        threads = [threading.Thread(target=zip_once) for _ in range(parallel)]
        for t in threads:
            t.start()

        def watch():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kb(pid))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        for t in threads:
            t.join()
        done.set()
        watcher.join()
        return idle, peak

    idle1, peak1 = peak_during(1)
    idle50, peak50 = peak_during(50)
    print(f"idle RSS {idle1 / 1024:.0f} MB; 1 ZIP peak {peak1 / 1024:.0f} MB; 50 ZIPs peak {peak50 / 1024:.0f} MB")
    print(f"zip_rss_1: {(peak1 - idle1) / 1024:.1f} MB")
    print(f"zip_rss_50: {(peak50 - idle50) / 1024:.1f} MB")
    print(f"zip: ours/nginx = {ratio:.2f}")


@contextlib.contextmanager
def nginx(work, root):
    """nginx (sendfile on) serving `root` on its own port; yields its base URL."""
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{ access_log off; sendfile on; tcp_nopush on; types {{ application/zip zip; }}
  server {{ listen 127.0.0.1:{NGINX_PORT}; root {root}; }} }}
""")
    proc = subprocess.Popen(["/usr/sbin/nginx", "-p", work, "-c", conf])
    url = f"http://127.0.0.1:{NGINX_PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/all.zip").close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
