#!/usr/bin/env python3
"""ZIP streaming benchmark (not a test).

Starts the release server on a scratch SQLite database and storage folder, makes a 200-image
gallery (the corpus's demo photos, each made distinct by a JPEG comment segment, so sizes are
those of real photos), then measures:

- zip: reading the gallery as one ZIP of originals over HTTP (curl) to /dev/null, against `cat` of the
  same stored files to /dev/null (both from a warm page cache, alternating, median of 5).
  Printed as `zip: ours/cat = RATIO` (throughput ratio; goal >= 0.9).
- zip_rss_1 / zip_rss_50: the server's peak resident memory above idle while 1 and then 50
  ZIP downloads run at once (goal: flat, under 64 MB above idle).
"""
import http.cookiejar
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = 3197
BASE = f"http://127.0.0.1:{PORT}"
IMAGES = 200


def opener():
    jar = http.cookiejar.CookieJar()
    built = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    built.handlers_jar = jar
    return built


def call(op, path, data=None, form=None, headers=None):
    body, kind = None, None
    if form is not None:
        body, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    elif data is not None:
        body, kind = json.dumps(data).encode(), "application/json"
    request = urllib.request.Request(BASE + path, data=body, headers=headers or {})
    if kind:
        request.add_header("Content-Type", kind)
    with op.open(request) as response:
        return response.read()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def distinct_jpeg(raw, n):
    """The same photo with a comment segment after SOI: valid, and distinct bytes."""
    comment = f"bench copy {n}".encode()
    return raw[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + raw[2:]


def main():
    server = os.path.join(ROOT, "target/release/server")
    if not os.path.exists(server):
        sys.exit("Build the release server first: make server-release site-release")
    work = tempfile.mkdtemp(prefix="proofroom-zip-bench-")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite://{work}/bench.db?mode=rwc",
        PROOFROOM_STORAGE=f"{work}/objects",
        PROOFROOM_ADDR=f"127.0.0.1:{PORT}",
        LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"),
        RUST_LOG="warn",
    )
    proc = subprocess.Popen([server, "serve"], env=env, cwd=ROOT)
    try:
        run(proc.pid, work)
    finally:
        proc.terminate()
        proc.wait()


def run(pid, work):
    op = opener()
    for _ in range(100):
        try:
            call(op, "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    call(op, "/api/auth/sign_up", form={"studio_name": "Bench", "email": "bench@example.com", "password": "a long password 1"})
    gallery = json.loads(call(op, "/api/galleries/create", form={"title": "Bench", "slug": "bench", "event_date": ""}))
    demo = os.path.join(ROOT, "..", "shared", "corpus", "demo")
    photos = sorted(f for f in os.listdir(demo) if f.endswith(".jpg"))
    for n in range(IMAGES):
        raw = open(os.path.join(demo, photos[n % len(photos)]), "rb").read()
        request = urllib.request.Request(BASE + f"/api/galleries/{gallery}/images", data=distinct_jpeg(raw, n),
                                         headers={"X-File-Name": f"photo-{n:03}.jpg"})
        op.open(request).read()
    while True:
        view = json.loads(call(op, "/api/galleries/editor", form={"id": gallery}))
        if all(i["card"]["status"] == "Ready" for i in view["images"]):
            break
        time.sleep(1)
    settings = {
        "switches": {"selects": True, "comments": True, "annotations": False, "downloads": True, "sharing": True,
                     "contact_sheets": True, "compare": True},
        "sizes": {"original": True, "four_k": True, "hd": True, "custom_web": None, "custom_box": None},
        "rights": {"main_client": "Both", "photographer_invited": "Both", "client_invited": "Both", "guest": "Both"},
        "high_res_quota": None,
        "email_tracking": False,
    }
    call(op, "/api/access/settings", data={"id": gallery, "settings": settings})
    call(op, "/api/galleries/publish", form={"id": gallery, "published": "true"})
    originals = [os.path.join(work, "objects", "originals", f) for f in os.listdir(os.path.join(work, "objects", "originals"))]
    total = sum(os.path.getsize(f) for f in originals)

    # The owner's session cookie, for curl (a fast client, so the server is what is measured).
    cookie = "; ".join(f"{c.name}={c.value}" for c in op.handlers_jar) if hasattr(op, "handlers_jar") else None

    first_bytes = []

    def zip_once():
        started = time.perf_counter()
        out = subprocess.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_starttransfer}", "-H", f"Cookie: {cookie}",
                              BASE + "/zip/bench/all/original"], check=True, capture_output=True, text=True)
        first_bytes.append(float(out.stdout))
        return time.perf_counter() - started

    def cat_once():
        started = time.perf_counter()
        subprocess.run(["cat", *originals], stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started

    cat_once()
    zip_once()
    ours, cat = [], []
    for _ in range(5):
        ours.append(zip_once())
        cat.append(cat_once())
    ratio = statistics.median(cat) / statistics.median(ours)
    mb = total / 1e6
    print(f"archive: {IMAGES} originals, {mb:.0f} MB; ZIP {mb / statistics.median(ours):.0f} MB/s, cat {mb / statistics.median(cat):.0f} MB/s")
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
    print(f"zip: ours/cat = {ratio:.2f}")


if __name__ == "__main__":
    main()
