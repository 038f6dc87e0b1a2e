#!/usr/bin/env python3
"""Object storage and two instances (not a test). Run beside a local S3 server:

    tools/with-s3.sh target/tools/moto/bin/python bench/s3.py

(run-all.sh does, then again on s3s-fs with `S3_SERVER=s3s-fs` in front; the moto venv has
boto3). Starts the release server on a scratch PostgreSQL database (TEST_DATABASE_URL's server,
default postgres://postgres@127.0.0.1:5432/postgres) with PROOFROOM_STORAGE=s3://… on that S3
server, a 200-photo gallery (`server seed-large`), and measures, one run, side by side:

- s3_zip: the ZIP of the 200 originals streamed from the bucket by the server, read by curl,
  against curl of the same ZIP bytes stored as one object on the same S3 server (median of 3):
  `s3_zip: ours/s3_object = R` (goal >= 0.8), and against curl of the same originals as one GET
  each (`s3_zip_vs_gets`: what a ZIP of separate objects does at the least); s3_zip_rss_50: the server's peak RSS above idle
  while 50 ZIPs run at once (goal < 64 MB).
- s3_upload: a 45-megapixel original uploaded through the app (received, checked, streamed to
  the bucket as a multipart upload) by an HTTP client in this process, against boto3's multipart
  upload of the same file to the same server, with the app's 5 MiB parts and with boto3's usual 8 MiB,
  the faster of the two (median of 7, each after the last one's renditions are made): `s3_upload: ours/direct = R` (goal >= 0.8).
- s3_gallery_rps: requests/s of the client gallery page through nginx with one instance and
  with two (wrk, 16 connections, 10 s): `s3_gallery_rps: two/one = R`.
"""
import contextlib
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, SERVER, Client  # noqa: E402
from gallery_page import wrk  # noqa: E402
from zip import rss_kb  # noqa: E402

PORTS = (3191, 3192)
NGINX_PORT = 3291
IMAGES = 200
BIG = os.path.join(ROOT, "..", "shared", "corpus", "originals", "kleiber-45mp-grain.jpg")
# The figures' names say which S3 server they were measured on (tools/with-s3.sh): moto's are
# the plain names, s3s-fs's end in `_on_s3s_fs`.
ON = {"moto": "", "s3s-fs": "_on_s3s_fs"}[os.environ.get("S3_SERVER", "moto")]


def main():
    if not os.path.exists(SERVER):
        sys.exit("Build the release server first: make server-release site-release")
    endpoint, bucket = os.environ["TEST_S3_ENDPOINT"], os.environ["TEST_S3_BUCKET"]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    run = uuid.uuid4().hex
    admin = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database = f"proofroom_bench_{run}"
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {database}"], check=True)
    work = tempfile.mkdtemp(prefix="proofroom-s3-bench-")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=admin.rsplit("/", 1)[0] + "/" + database,
        PROOFROOM_STORAGE=f"s3://{bucket}/{run}/live",
        PROOFROOM_ARCHIVE=f"s3://{bucket}/{run}/archive",
        LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"),
        PROOFROOM_DEMO_PHOTOS=os.path.join(ROOT, "..", "shared", "corpus", "demo"),
        PROOFROOM_MAIL_DELIVERY="print",
        RUST_LOG="warn",
    )
    try:
        for args in (["seed"], ["seed-large", "--photos", str(IMAGES), "--slug", "bench"]):
            subprocess.run([SERVER, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        with instance(env, work, "a", PORTS[0]) as (pid, base):
            measure_zip(s3, bucket, run, pid, base)
            measure_upload(s3, bucket, run, base)
            with instance(env, work, "b", PORTS[1]):
                one = gallery_rps(work, [PORTS[0]])
                two = gallery_rps(work, list(PORTS))
        print(f"client gallery page through nginx: one instance {one:.0f} req/s, two {two:.0f} req/s")
        print(f"s3_gallery_rps{ON}: two/one = {two / one:.2f}")
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"], check=False)
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def instance(env, work, name, port):
    """`server serve` as instance `name` on `port`; yields (pid, base URL)."""
    env = dict(env, PROOFROOM_ADDR=f"127.0.0.1:{port}", PROOFROOM_INSTANCE=name,
               PROOFROOM_UPLOADS=os.path.join(work, f"uploads-{name}"))
    proc = subprocess.Popen([SERVER, "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz").read()
                break
            except OSError:
                time.sleep(0.2)
        yield proc.pid, base
    finally:
        proc.terminate()
        proc.wait()


def curl_seconds(url, cookie=None):
    started = time.perf_counter()
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    subprocess.run(["curl", "-sf", "-o", "/dev/null", *headers, url], check=True)
    return time.perf_counter() - started


def measure_zip(s3, bucket, run, pid, base):
    op = Client(base)
    op.call("/api/auth/sign_in", form={"email": "demo@proofroom.local", "password": "proofroom-demo"})
    cookie = op.cookie()
    zip_url = base + "/zip/bench/all/original"
    whole = os.path.join(tempfile.gettempdir(), f"proofroom-s3-bench-{run}.zip")
    subprocess.run(["curl", "-sf", "-o", whole, "-H", f"Cookie: {cookie}", zip_url], check=True)
    key = f"{run}/reference/all.zip"
    s3.upload_file(whole, bucket, key)
    mb = os.path.getsize(whole) / 1e6
    os.remove(whole)
    object_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=3600)
    curl_seconds(zip_url, cookie)
    curl_seconds(object_url)
    ours, reference = [], []
    for _ in range(3):
        ours.append(curl_seconds(zip_url, cookie))
        reference.append(curl_seconds(object_url))
    print(f"ZIP of {IMAGES} originals ({mb:.0f} MB) from the bucket: {mb / statistics.median(ours):.0f} MB/s; "
          f"the same bytes as one object: {mb / statistics.median(reference):.0f} MB/s")
    print(f"s3_zip{ON}: ours/s3_object = {statistics.median(reference) / statistics.median(ours):.2f}")
    # Where the time goes: the same originals as one GET each, straight from the bucket (curl,
    # one connection), which is what a ZIP of separate objects has to do at the least.
    objects = [o for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{run}/live/originals/")
               for o in page.get("Contents", [])]
    keys, gets_mb = [o["Key"] for o in objects], sum(o["Size"] for o in objects) / 1e6
    listing = os.path.join(tempfile.gettempdir(), f"proofroom-s3-gets-{run}.txt")
    with open(listing, "w") as f:
        for key in keys:
            url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=3600)
            f.write(f'url = "{url}"\noutput = "/dev/null"\n')
    gets = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(["curl", "-sf", "-K", listing], check=True)
        gets.append(time.perf_counter() - started)
    os.remove(listing)
    zip_rate, gets_rate = mb / statistics.median(ours), gets_mb / statistics.median(gets)
    print(f"the bucket's {len(keys)} originals ({gets_mb:.0f} MB) as one GET each: {gets_rate:.0f} MB/s")
    print(f"s3_zip_vs_gets{ON}: ours/s3_gets = {zip_rate / gets_rate:.2f}")

    time.sleep(1)
    idle = rss_kb(pid)
    peak, done = idle, threading.Event()

    def watch():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=curl_seconds, args=(zip_url, cookie)) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    print(f"idle RSS {idle / 1024:.0f} MB; 50 ZIPs peak {peak / 1024:.0f} MB")
    print(f"s3_zip_rss_50{ON}: {(peak - idle) / 1024:.1f} MB")


def measure_upload(s3, bucket, run, base):
    import json
    from boto3.s3.transfer import TransferConfig

    op = Client(base)
    op.call("/api/auth/sign_in", form={"email": "demo@proofroom.local", "password": "proofroom-demo"})
    gallery = json.loads(op.call("/api/galleries/create", form={"title": "Uploads", "slug": "", "event_date": ""}))
    raw = open(BIG, "rb").read()
    # The app sends 5 MiB parts (the least S3 allows); the direct upload is timed with those and
    # with boto3's usual 8 MiB, and the faster of the two is the reference.
    part_sizes = (5, 8)
    configs = {mib: TransferConfig(multipart_threshold=mib << 20, multipart_chunksize=mib << 20) for mib in part_sizes}
    ours, direct = [], {mib: [] for mib in part_sizes}
    for n in range(8):
        # The previous photo's renditions are made in the background (about a second of CPU for
        # 45 MP): let them finish, so neither side shares the two cores with them.
        time.sleep(2)
        # Distinct bytes each time (a comment after SOI), so the gallery keeps every copy.
        comment = f"upload {n}".encode()
        body = raw[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + raw[2:]
        path = os.path.join(tempfile.gettempdir(), f"proofroom-s3-upload-{run}.jpg")
        with open(path, "wb") as f:
            f.write(body)
        # An HTTP client in this process, as boto3 is: a curl started per upload would count its
        # own start (about 10 ms) against the app.
        address = urllib.parse.urlsplit(base)
        app = http.client.HTTPConnection(address.hostname, address.port, blocksize=1 << 20)
        app.connect()
        started = time.perf_counter()
        with open(path, "rb") as f:
            app.request("POST", f"/api/galleries/{gallery}/images", body=f,
                        headers={"Cookie": op.cookie(), "X-File-Name": f"big-{n}.jpg",
                                 "Content-Length": str(len(body))})
            answer = app.getresponse()
            answer.read()
        took_ours = time.perf_counter() - started
        app.close()
        if answer.status != 201:
            sys.exit(f"upload through the app answered {answer.status}")
        # This photo's renditions are now being made: let them finish before the direct uploads too.
        time.sleep(2)
        took_direct = {}
        for mib, config in configs.items():
            started = time.perf_counter()
            s3.upload_file(path, bucket, f"{run}/reference/big-{n}-{mib}.jpg", Config=config)
            took_direct[mib] = time.perf_counter() - started
        os.remove(path)
        if n > 0:  # the first of each is a warm-up
            ours.append(took_ours)
            for mib in part_sizes:
                direct[mib].append(took_direct[mib])
    mb = len(raw) / 1e6
    fastest = min(statistics.median(times) for times in direct.values())
    print(f"upload of a {mb:.0f} MB original: through the app {mb / statistics.median(ours):.0f} MB/s, "
          + ", ".join(f"straight to the bucket (boto3, {mib} MiB parts) {mb / statistics.median(direct[mib]):.0f} MB/s"
                      for mib in part_sizes))
    print(f"s3_upload{ON}: ours/direct = {fastest / statistics.median(ours):.2f}")


def gallery_rps(work, ports):
    """Requests/s of /g/bench through nginx round-robin over the instances on `ports`."""
    conf = os.path.join(work, f"nginx-{len(ports)}.conf")
    upstream = " ".join(f"server 127.0.0.1:{p};" for p in ports)
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 512; }}
http {{ access_log off; upstream app {{ {upstream} keepalive 32; }}
  server {{ listen 127.0.0.1:{NGINX_PORT};
    location / {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }} }} }}
""")
    proc = subprocess.Popen(["/usr/sbin/nginx", "-p", work, "-c", conf])
    url = f"http://127.0.0.1:{NGINX_PORT}/g/bench"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url).read()
                break
            except OSError:
                time.sleep(0.1)
        wrk(url, 4, 3)
        rps, _ = wrk(url, 16)
        return rps
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
