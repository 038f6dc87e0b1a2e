//! `TestApp`: starts Proofroom on 127.0.0.1 with its own database and storage.

pub mod shop;
pub mod smtp_sink;

use backend::config::BackendConfig;
use backend::jobs::worker;
use backend::storage::place::{Bucket, Place};
use futures::StreamExt;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use server::state::AppState;
use std::future::Future;
use std::path::PathBuf;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A running server and a browser-like client (with a cookie jar) talking to it.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: AppState,
    /// The database the server uses (a `server serve` process may be pointed at it too).
    pub database_url: String,
    /// The built site it serves (`LEPTOS_SITE_ROOT`).
    pub site: PathBuf,
    /// The PostgreSQL database made for this test, dropped with it.
    pg_database: Option<String>,
    _dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(name) = self.pg_database.take() else { return };
        let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else { return };
        // Drop runs inside the test's runtime: use a thread with its own to finish the clean-up.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                if let Ok(admin) = backend::db::connect(&admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sea_orm::ConnectionTrait::execute_unprepared(&admin, &sql).await;
                }
            });
        })
        .join();
    }
}

/// The shared corpus of real photographs and bad files.
pub fn corpus(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus")).join(path)
}

/// Runs `test` against SQLite, then against PostgreSQL when `TEST_DATABASE_URL` is set.
pub async fn for_each_db<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    test(TestApp::start(Db::Sqlite).await).await;
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        test(TestApp::start(Db::Postgres).await).await;
    } else {
        eprintln!("TEST_DATABASE_URL is not set: PostgreSQL run skipped");
    }
}

/// The databases `for_each_db` runs on: SQLite, and PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn databases() -> Vec<Db> {
    if std::env::var("TEST_DATABASE_URL").is_ok() { vec![Db::Sqlite, Db::Postgres] } else { vec![Db::Sqlite] }
}

/// Like `for_each_db`, with settings changed by `configure` (e.g. the SMTP port of a sink).
pub async fn for_each_db_configured<C, F, Fut>(configure: C, test: F)
where
    C: Fn(&mut BackendConfig),
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    test(TestApp::start_configured(Db::Sqlite, false, &configure).await).await;
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        test(TestApp::start_configured(Db::Postgres, false, &configure).await).await;
    } else {
        eprintln!("TEST_DATABASE_URL is not set: PostgreSQL run skipped");
    }
}

/// The URL of a fresh database, and the PostgreSQL database's name to drop afterwards.
async fn database_url(db: Db, dir: &std::path::Path) -> (String, Option<String>) {
    match db {
        Db::Sqlite => (format!("sqlite://{}?mode=rwc", dir.join("test.db").display()), None),
        Db::Postgres => {
            // A database of its own per test, so tests run in parallel.
            let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
            let name = format!("proofroom_test_{}", uuid::Uuid::new_v4().simple());
            let admin = backend::db::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
            sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let (prefix, _) = admin_url.rsplit_once('/').expect("a database URL with a path");
            (format!("{prefix}/{name}"), Some(name))
        }
    }
}

impl TestApp {
    /// A fresh server with an empty database and storage. Jobs do not run by themselves: tests
    /// call `run_jobs` so they decide when (and can simulate crashes in between).
    pub async fn start(db: Db) -> Self {
        Self::start_with(db, false).await
    }

    /// Like `start`, choosing whether cookies are marked Secure (as behind TLS).
    pub async fn start_with(db: Db, secure_cookies: bool) -> Self {
        Self::start_configured(db, secure_cookies, |_| {}).await
    }

    /// Like `start_with`, with settings changed by `configure` last.
    pub async fn start_configured(db: Db, secure_cookies: bool, configure: impl FnOnce(&mut BackendConfig)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg_database) = database_url(db, dir.path()).await;
        let database_url = url.clone();
        let connection = backend::db::connect(&url).await.expect("connect");
        backend::db::migrate(&connection).await.expect("migrate");
        let mut config = BackendConfig::new(dir.path().join("objects"), dir.path().join("uploads"));
        if let Some((storage, archive)) = s3_places() {
            config.storage = storage;
            config.archive = archive;
        }
        config.render_workers = 2;
        // The test client plays a reverse proxy too, so tests can speak for many client
        // addresses with X-Forwarded-For.
        config.trusted_proxies = vec![std::net::IpAddr::from([127, 0, 0, 1])];
        // Mail goes nowhere unless a test starts a sink (port 9, "discard", is not served here),
        // and a failed message is tried again after milliseconds, not minutes.
        config.mail.smtp_port = 9;
        config.mail.smtp_timeout = std::time::Duration::from_secs(10);
        config.mail.retry_max = std::time::Duration::from_millis(50);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        config.public_origin = format!("http://{addr}");
        configure(&mut config);
        let ctx = backend::Ctx::new(connection, config).expect("ctx");
        ctx.clear_unfinished_uploads().expect("upload folder");
        // As `server serve` does once its storage answered, before anything runs. (A store that
        // does not answer is the health check's own test: it is left unmarked.)
        let answers = tokio::time::timeout(std::time::Duration::from_secs(10), ctx.storage.check()).await;
        if answers.is_ok_and(|checked| checked.is_ok()) {
            backend::storage::pairing::ensure(&ctx).await.expect("storage marked");
        }
        let site = dir.path().join("site");
        write_site(&site);
        let state = AppState::new(ctx, &site.display().to_string(), addr).expect("site");
        let site_root = site.clone();
        let router = server::router(state.clone(), secure_cookies);
        // The same connection handling as `server serve` (timeouts, per-address cap).
        let limits = server::connections::ConnectionLimits::of(&state.ctx.config);
        tokio::spawn(async move {
            server::connections::serve(listener, router, limits, std::future::pending()).await.expect("serve");
        });
        let client = browser();
        Self { base: format!("http://{addr}"), client, state, database_url, site: site_root, pg_database, _dir: dir }
    }

    /// Another client (its own cookies) against the same server: a second person.
    pub fn stranger(&self) -> Client {
        browser()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function with form-encoded arguments (as an `<ActionForm>` does).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        call_with(&self.client, &self.base, endpoint, form).await
    }

    /// Calls a server function with a JSON body.
    pub async fn call_json(&self, endpoint: &str, body: Value) -> Response {
        self.client.post(self.url(&format!("/api/{endpoint}"))).json(&body).send().await.expect("request")
    }

    /// A new studio, signed in on this client.
    pub async fn sign_up(&self, email: &str) {
        sign_up_with(&self.client, self, email).await;
    }

    /// The messages in the outbox for `to`, oldest first.
    pub async fn mail_to(&self, to: &str) -> Vec<backend::entities::outbox::Model> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        backend::entities::outbox::Entity::find()
            .filter(backend::entities::outbox::Column::ToAddress.eq(to))
            .order_by_asc(backend::entities::outbox::Column::CreatedAt)
            .all(&self.state.ctx.db)
            .await
            .expect("outbox")
    }

    /// The token of the last emailed link to `to` whose path starts with `prefix` (`/reset/`).
    pub async fn emailed_token(&self, to: &str, prefix: &str) -> String {
        let mail = self.mail_to(to).await;
        let body = &mail.last().unwrap_or_else(|| panic!("no mail to {to}")).body_text;
        let at = body.find(prefix).unwrap_or_else(|| panic!("no {prefix} link in: {body}")) + prefix.len();
        body[at..].chars().take_while(char::is_ascii_hexdigit).collect()
    }

    /// Publishes a gallery and turns its public link on (anyone with `/g/{slug}` is a guest).
    pub async fn publish_publicly(&self, gallery: &str) {
        self.publish(gallery).await;
        let response = self.call("access/public_link", &[("id", gallery), ("on", "true")]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// Creates a gallery and returns its id.
    pub async fn create_gallery(&self, title: &str, slug: &str) -> String {
        let response =
            self.call("galleries/create", &[("title", title), ("slug", slug), ("event_date", "2026-06-14")]).await;
        let status = response.status();
        let body = response.text().await.expect("body");
        assert!(status.is_success() || status.is_redirection(), "create gallery: {status} {body}");
        serde_json::from_str::<String>(&body).expect("gallery id")
    }

    /// Publishes a gallery.
    pub async fn publish(&self, gallery: &str) {
        let response = self.call("galleries/publish", &[("id", gallery), ("published", "true")]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// Uploads one file from the corpus.
    pub async fn upload(&self, gallery: &str, corpus_path: &str) -> Response {
        let bytes = tokio::fs::read(corpus(corpus_path)).await.expect("corpus file");
        let name = corpus_path.rsplit('/').next().unwrap_or(corpus_path);
        self.upload_bytes(gallery, name, bytes).await
    }

    pub async fn upload_bytes(&self, gallery: &str, name: &str, bytes: Vec<u8>) -> Response {
        self.client
            .post(self.url(&format!("/api/galleries/{gallery}/images")))
            .header("X-File-Name", name)
            .body(bytes)
            .send()
            .await
            .expect("upload request")
    }

    /// Uploads and returns the new image's id, asserting it was accepted.
    pub async fn upload_ok(&self, gallery: &str, corpus_path: &str) -> String {
        accepted(corpus_path, self.upload(gallery, corpus_path).await).await
    }

    /// Uploads bytes and returns the new image's id, asserting it was accepted.
    pub async fn upload_ok_bytes(&self, gallery: &str, name: &str, bytes: Vec<u8>) -> String {
        accepted(name, self.upload_bytes(gallery, name, bytes).await).await
    }

    /// Runs every due job to completion, as a worker would.
    pub async fn run_jobs(&self) -> usize {
        let mut ran = 0;
        while worker::run_once(&self.state.ctx, "test-worker", chrono::Utc::now().timestamp_millis())
            .await
            .expect("job queue")
        {
            ran += 1;
        }
        ran
    }

    /// The editor of a gallery as its Photos tab opens: the details (`galleries/editor`) with
    /// the first page of photos and the recently deleted ones (`galleries/photos`) as `images`
    /// and `deleted`.
    pub async fn editor(&self, gallery: &str) -> Value {
        let response = self.call("galleries/editor", &[("id", gallery)]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let mut view: Value = response.json().await.expect("json");
        let photos = self.photos(gallery, "", 0).await;
        view["images"] = photos["images"].clone();
        view["deleted"] = photos["deleted"].clone();
        view
    }

    /// Page `page` (0-based) of the editor's photos, `show` being a set id, `unassigned` or
    /// empty for all.
    pub async fn photos(&self, gallery: &str, show: &str, page: u32) -> Value {
        let page = page.to_string();
        let mut form = vec![("id", gallery), ("page", page.as_str())];
        if !show.is_empty() {
            form.push(("show", show));
        }
        let response = self.call("galleries/photos", &form).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("json")
    }

    /// Counts stored objects (with a local store's half-written files) and uploads being
    /// received (to prove nothing was left behind), but the store's mark and health probe.
    pub async fn stored_files(&self) -> usize {
        let storage = &self.state.ctx.storage;
        let objects: Vec<_> = storage.list().collect().await;
        let own = [backend::storage::StorageKey::Mark.path(), backend::storage::StorageKey::HealthProbe.path()];
        objects.iter().filter(|o| o.as_ref().map_or(true, |meta| !own.contains(&meta.location))).count()
            + storage.staging_files().len()
            + count_files(&self.state.ctx.config.upload_tmp)
            + unfinished_uploads(&self.state.ctx.config.storage).await
    }

    /// The original of `image` in the live store, if it is there.
    pub async fn live_original(&self, image: &str) -> Option<Vec<u8>> {
        read_original(&self.state.ctx.storage, image).await
    }

    /// The original of `image` in the archive tier, if it is there.
    pub async fn archived_original(&self, image: &str) -> Option<Vec<u8>> {
        read_original(&self.state.ctx.archive, image).await
    }

    /// Writes `bytes` as the live original of `image` (to spoil it, or plant a leftover).
    pub async fn put_live_original(&self, image: &str, bytes: Vec<u8>) {
        self.state.ctx.storage.put_bytes(original_key(image), bytes).await.expect("write the live original");
    }

    /// Writes `bytes` as the archived original of `image`.
    pub async fn put_archived_original(&self, image: &str, bytes: Vec<u8>) {
        self.state.ctx.archive.put_bytes(original_key(image), bytes).await.expect("write the archived original");
    }

    /// Counts image rows.
    pub async fn image_rows(&self) -> u64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        backend::entities::image::Entity::find().count(&self.state.ctx.db).await.expect("count")
    }
}

/// A small JPEG that differs for every `seed` (distinct bytes: the gallery keeps each).
pub fn tiny_jpeg(seed: u32) -> Vec<u8> {
    let pixel = image::Rgb([(seed * 37 % 256) as u8, (seed * 91 % 256) as u8, (seed / 7 % 256) as u8]);
    let picture =
        image::RgbImage::from_fn(
            96,
            64,
            |x, y| if (x + y) % 9 == seed % 9 { image::Rgb([255, 255, 255]) } else { pixel },
        );
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).expect("encode");
    out.into_inner()
}

impl TestApp {
    /// Saves a gallery's settings panel: the defaults changed by `change`.
    pub async fn save_settings(&self, gallery: &str, change: impl FnOnce(&mut Value)) {
        let mut settings = serde_json::to_value(domain::settings::GallerySettings::default()).expect("json");
        change(&mut settings);
        let response =
            self.call_json("access/settings", serde_json::json!({ "id": gallery, "settings": settings })).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    }

    /// Makes an access link and returns its path (`/l/…`).
    pub async fn make_link(&self, gallery: &str, role: &str, sets: Option<Vec<&str>>) -> String {
        let form = serde_json::json!({ "label": "", "role": role, "sets": sets, "expires_on": null });
        let response = self.call_json("access/create_link", serde_json::json!({ "id": gallery, "form": form })).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::OK, "{body}");
        body["path"].as_str().expect("path").to_owned()
    }

    /// A new person who opened `link_path` (a path from `make_link`).
    pub async fn visitor_on(&self, link_path: &str) -> Client {
        let visitor = self.stranger();
        let opened = visitor.get(self.url(link_path)).send().await.expect("open link");
        assert!(
            opened.status().is_success() || opened.status() == StatusCode::FORBIDDEN,
            "open link: {}",
            opened.status()
        );
        visitor
    }

    /// A friend `client` shares all they see of the gallery at `slug` with (by a link to copy),
    /// in a browser of their own on that link.
    pub async fn friend_of(&self, client: &Client, slug: &str) -> Client {
        let form = serde_json::json!({ "slug": slug, "form": { "sets": null, "email_to": "", "note": "" } });
        let shared: Value = post_json(client, &self.base, "sharing/share", form).await.json().await.expect("shared");
        self.visitor_on(shared["url"].as_str().expect("url").trim_start_matches(&self.base)).await
    }

    /// Uploads `count` small distinct photos, renders them and returns their ids.
    pub async fn upload_tiny(&self, gallery: &str, count: u32) -> Vec<String> {
        let mut ids = Vec::new();
        for seed in 0..count {
            let response = self.upload_bytes(gallery, &format!("photo-{seed:03}.jpg"), tiny_jpeg(seed)).await;
            let body: Value = response.json().await.expect("json");
            ids.push(body["image"]["id"].as_str().expect("image id").to_owned());
        }
        self.run_jobs().await;
        ids
    }
}

impl TestApp {
    /// A published gallery at `slug` with `photos` photos (their ids answered), downloads on, no
    /// email asked, and `quota` free high-res downloads.
    pub async fn gallery_with_quota(&self, slug: &str, photos: u32, quota: u32) -> (String, Vec<String>) {
        let gallery = self.create_gallery("Wedding", slug).await;
        let images = self.upload_tiny(&gallery, photos).await;
        self.save_settings(&gallery, |s| {
            s["switches"]["downloads"] = serde_json::json!(true);
            s["email_tracking"] = serde_json::json!(false);
            s["high_res_quota"] = serde_json::json!(quota);
        })
        .await;
        self.publish(&gallery).await;
        (gallery, images)
    }

    /// Makes a delivery set "Finals" (Original and HD) of `images` and returns its id.
    pub async fn make_package(&self, gallery: &str, images: &[&str]) -> String {
        let sizes = serde_json::json!({ "original": true, "four_k": false, "hd": true, "custom_web": null, "custom_box": null });
        let form = serde_json::json!({ "name": "Finals", "sizes": sizes, "ends_on": null });
        let made = self.call_json("delivery/create", serde_json::json!({ "gallery": gallery, "form": form })).await;
        let package: String = made.json().await.expect("package id");
        let added = self
            .call_json("delivery/add", serde_json::json!({ "gallery": gallery, "package": package, "images": images }))
            .await;
        assert_eq!(added.status(), StatusCode::OK);
        package
    }

    /// Makes a set and returns its id.
    pub async fn make_set(&self, gallery: &str, name: &str) -> String {
        self.call("sets/create", &[("gallery", gallery), ("name", name)]).await.json().await.expect("set id")
    }

    /// Moves one image into a set.
    pub async fn move_image(&self, gallery: &str, image: &str, set: &str) {
        let moved = self
            .call_json("images/move", serde_json::json!({ "gallery": gallery, "images": [image], "set": set }))
            .await;
        assert_eq!(moved.status(), StatusCode::OK);
    }
}

/// A studio at `email`, signed in on `client`. The studio is made by the fixture (as the demo seed
/// does), not through the emailed sign-up, which `auth.rs` tests on its own: other tests need a
/// photographer, not a confirmation email and its mail job in their queue.
pub async fn sign_up_with(client: &Client, app: &TestApp, email: &str) {
    let form = backend::studio::auth::SignUp {
        studio_name: "Test Studio".to_owned(),
        email: email.to_owned(),
        password: "a long password 1".to_owned(),
    };
    backend::studio::auth::create_studio(&app.state.ctx, form).await.expect("studio");
    let signed_in =
        call_with(client, &app.base, "auth/sign_in", &[("email", email), ("password", "a long password 1")]).await;
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection(), "sign in: {}", signed_in.status());
}

/// Calls a server function with a JSON body for any client.
pub async fn post_json(client: &Client, base: &str, endpoint: &str, body: Value) -> Response {
    client.post(format!("{base}/api/{endpoint}")).json(&body).send().await.expect("request")
}

/// Calls a server function for any client.
/// A client behind its own address, with a cookie store of its own (the test server trusts the
/// test client as a proxy, so `X-Forwarded-For` names the address).
pub fn from_address(address: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().expect("header"));
    Client::builder().cookie_store(true).default_headers(headers).build().expect("client")
}

pub async fn call_with(client: &Client, base: &str, endpoint: &str, form: &[(&str, &str)]) -> Response {
    client.post(format!("{base}/api/{endpoint}")).form(form).send().await.expect("request")
}

/// The entry names of a ZIP, read from its central directory.
pub fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(pos) = bytes[at..].windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]) {
        let start = at + pos;
        let len = u16::from_le_bytes([bytes[start + 28], bytes[start + 29]]) as usize;
        names.push(String::from_utf8_lossy(&bytes[start + 46..start + 46 + len]).into_owned());
        at = start + 46 + len;
    }
    names
}

/// The new image's id from an upload's answer, asserting it was accepted.
async fn accepted(name: &str, response: Response) -> String {
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
    body["image"]["id"].as_str().expect("image id").to_owned()
}

pub fn original_key(image: &str) -> backend::storage::StorageKey {
    backend::storage::StorageKey::Original(image.parse().expect("an image id"))
}

async fn read_original(store: &backend::storage::Storage, image: &str) -> Option<Vec<u8>> {
    match store.get_bytes(original_key(image)).await {
        Ok(bytes) => Some(bytes.to_vec()),
        Err(object_store::Error::NotFound { .. }) => None,
        Err(e) => panic!("read the original of {image}: {e}"),
    }
}

/// With `TEST_S3_ENDPOINT` set (`make test` starts a local S3 server), every test's storage and
/// archive are prefixes of their own in the `TEST_S3_BUCKET` bucket (default `proofroom-test`)
/// of that server, instead of temporary folders.
fn s3_places() -> Option<(Place, Place)> {
    let endpoint = std::env::var("TEST_S3_ENDPOINT").ok()?;
    let name = std::env::var("TEST_S3_BUCKET").unwrap_or_else(|_| "proofroom-test".to_owned());
    let run = uuid::Uuid::new_v4().simple().to_string();
    let options = [
        ("aws_endpoint", endpoint.as_str()),
        ("aws_allow_http", "true"),
        ("aws_region", "us-east-1"),
        ("aws_access_key_id", "testing"),
        ("aws_secret_access_key", "testing"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .to_vec();
    let at = |part: &str| {
        Place::Bucket(Bucket {
            name: name.clone(),
            prefix: format!("{run}/{part}"),
            options: options.clone(),
            storage_class: None,
        })
    };
    Some((at("live"), at("archive")))
}

/// The multipart uploads begun and neither completed nor aborted under a bucket's prefix (their
/// parts are stored and billed, though no object shows them); none in a local folder. Asked of
/// the test's S3 server without a signature, which it does not check.
async fn unfinished_uploads(place: &Place) -> usize {
    let Place::Bucket(bucket) = place else { return 0 };
    let endpoint = bucket.options.iter().find(|(k, _)| k == "aws_endpoint").map(|(_, v)| v.as_str()).expect("endpoint");
    let listing = reqwest::Client::new()
        .get(format!("{endpoint}/{}", bucket.name))
        .query(&[("uploads", ""), ("prefix", &format!("{}/", bucket.prefix))])
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("list the multipart uploads")
        .text()
        .await
        .expect("listing");
    listing.matches("<UploadId>").count()
}

/// Whether tests run on S3 (`s3_places`): tests of a local folder's own behaviour (file times,
/// a folder replaced by a file) skip that part.
pub fn on_s3() -> bool {
    std::env::var("TEST_S3_ENDPOINT").is_ok()
}

fn count_files(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().map(|e| if e.path().is_dir() { count_files(&e.path()) } else { 1 }).sum()
}

/// The bundle name the test site's `pkg/assets.txt` gives (see `write_site`).
pub const TEST_BUNDLE: &str = "studio-00112233445566aa";
/// The client bundle's name in the test site.
pub const TEST_CLIENT_BUNDLE: &str = "client-99112233445566bb";
/// The stylesheet's name in the test site.
pub const TEST_CSS: &str = "proofroom-ffeeddccbbaa9988.css";
/// The files of the client bundle's lightbox part in the test site.
pub const TEST_LIGHTBOX: [&str; 2] =
    ["client-99112233445566bb_chunk_3.wasm", "client-99112233445566bb_split_lightbox_part_42.wasm"];

/// A small built site as tools/bundle.sh lays it out: hashed bundle files with brotli copies
/// beside them, the names in `pkg/assets.txt`, and a favicon.
fn write_site(site: &std::path::Path) {
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("site folder");
    let files: [(String, &[u8]); 5] = [
        (format!("{TEST_BUNDLE}.js"), b"export default function init() {}\n"),
        (format!("{TEST_BUNDLE}_bg.wasm"), b"\0asm\x01\0\0\0"),
        (format!("{TEST_CLIENT_BUNDLE}.js"), b"export default function init() { /* client */ }\n"),
        (format!("{TEST_CLIENT_BUNDLE}_bg.wasm"), b"\0asm\x01\0\0\0\x01"),
        (TEST_CSS.to_owned(), b"body { margin: 0 }\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(pkg.join(&name), bytes).expect("site file");
        // Not real brotli: the test checks these exact bytes are sent as they are.
        std::fs::write(pkg.join(format!("{name}.br")), [b"BR:".as_slice(), bytes].concat()).expect("site file");
    }
    std::fs::write(
        pkg.join("assets.txt"),
        format!(
            "bundle: {TEST_BUNDLE}\nclient: {TEST_CLIENT_BUNDLE}\nclient-lightbox: {}\ncss: {TEST_CSS}\n",
            TEST_LIGHTBOX.join(" ")
        ),
    )
    .expect("assets.txt");
    std::fs::write(site.join("favicon.ico"), b"icon").expect("favicon");
}

/// A browser-like client: its own cookies, redirects not followed, and a time limit on every
/// request, so a response that never comes fails its test (with what the server logged) instead
/// of holding the whole run.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("client")
}
