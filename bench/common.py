"""What the HTTP benchmarks share: a cookie-keeping client, the release server on a scratch
database and storage folder, and a published gallery of distinct copies of the corpus's demo
photos (real sizes, distinct bytes)."""
import contextlib
import http.cookiejar
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Client:
    """An HTTP client with its own cookie jar, speaking to one server."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, path, data=None, form=None, headers=None, raw=None):
        body, kind = raw, None
        if form is not None:
            body, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        elif data is not None:
            body, kind = json.dumps(data).encode(), "application/json"
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if kind:
            request.add_header("Content-Type", kind)
        with self.opener.open(request) as response:
            return response.read()

    def cookie(self):
        """The session cookie, for curl."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def distinct_jpeg(raw, n):
    """The same photo with a comment segment after SOI: valid, and distinct bytes."""
    comment = f"bench copy {n}".encode()
    return raw[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + raw[2:]


SERVER = os.path.join(ROOT, "target/release/server")


def server_env(work, port):
    """The release server's settings for a scratch folder."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite://{work}/bench.db?mode=rwc",
        PROOFROOM_STORAGE=f"{work}/objects",
        PROOFROOM_ADDR=f"127.0.0.1:{port}",
        # Another site may be given (a bundle that keeps its names, for a profile).
        LEPTOS_SITE_ROOT=os.environ.get("LEPTOS_SITE_ROOT", os.path.join(ROOT, "target/site")),
        PROOFROOM_DEMO_PHOTOS=os.path.join(ROOT, "..", "shared", "corpus", "demo"),
        RUST_LOG="warn",
    )
    return env


@contextlib.contextmanager
def release_server(port, name, prepare=()):
    """Starts the release server on a scratch folder, after running each subcommand of `prepare`
    (argument lists) there; yields (pid, folder, base URL)."""
    if not os.path.exists(SERVER):
        sys.exit("Build the release server first: make server-release site-release")
    work = tempfile.mkdtemp(prefix=f"proofroom-{name}-bench-")
    env = server_env(work, port)
    for args in prepare:
        subprocess.run([SERVER, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([SERVER, "serve"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz").read()
                break
            except OSError:
                time.sleep(0.2)
        yield proc.pid, work, base
    finally:
        proc.terminate()
        proc.wait()


def cropped_jpeg(path, n):
    """The photo cropped by a few pixels that depend on `n` (libvips): distinct pixels, so every
    rendition and thumbnail made from it is distinct too (a comment segment alone would give
    identical thumbnails, which a PDF embeds once)."""
    def header(field):
        return int(subprocess.run(["vipsheader", "-f", field, path], capture_output=True, text=True, check=True).stdout)

    width, height = header("width"), header("height")
    shift = 1 + n % 97
    out = os.path.join(tempfile.gettempdir(), f"proofroom-bench-crop-{os.getpid()}.jpg")
    subprocess.run(["vips", "crop", path, f"{out}[Q=90]", str(shift), str(shift), str(width - 2 * shift), str(height - 2 * shift)],
                   check=True)
    with open(out, "rb") as f:
        return f.read()


def seeded_gallery(client, images, slug="bench", distinct_pixels=False):
    """Signs in as the demo studio (the server must have run `seed`), uploads `images` distinct
    demo photos (with `distinct_pixels`, each also cropped differently), waits for their
    renditions, turns every switch and download right on, publishes. Returns the gallery id."""
    client.call("/api/auth/sign_in", form={"email": "demo@proofroom.local", "password": "proofroom-demo"})
    gallery = json.loads(client.call("/api/galleries/create", form={"title": "Bench", "slug": slug, "event_date": ""}))
    demo = os.path.join(ROOT, "..", "shared", "corpus", "demo")
    photos = sorted(f for f in os.listdir(demo) if f.endswith(".jpg"))
    for n in range(images):
        path = os.path.join(demo, photos[n % len(photos)])
        raw = cropped_jpeg(path, n) if distinct_pixels else open(path, "rb").read()
        client.call(f"/api/galleries/{gallery}/images", raw=distinct_jpeg(raw, n), headers={"X-File-Name": f"photo-{n:03}.jpg"})

    def ready(page):
        photos = json.loads(client.call("/api/galleries/photos", form={"id": gallery, "page": str(page)}))
        return all(i["card"]["status"] == "Ready" for i in photos["images"]), photos

    while True:
        done, first = ready(0)
        pages = -(-first["total"] // len(first["images"] or [0]))
        if done and all(ready(p)[0] for p in range(1, pages)):
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
    client.call("/api/access/settings", data={"id": gallery, "settings": settings})
    client.call("/api/galleries/publish", form={"id": gallery, "published": "true"})
    return gallery
