//! Two real `server serve` processes on one PostgreSQL database with S3 storage (a local S3
//! server: `tools/with-s3.sh`), behind a round-robin proxy that sends every new connection to the
//! next live instance. What one instance does, the other sees: a photographer uploads through A,
//! renditions are made by whichever instance claims them, a client downloads a ZIP and single
//! ranges through B, a quota race spread over both grants exactly the quota, a revoked link is
//! refused by both at once, and a job held by an instance killed with -9 is finished by the other
//! once its lease lapses.
//!
//! The test's own `TestApp` shares the database and the bucket but runs no workers; it only
//! reads rows and objects to check what the instances did.

use crate::support::{Db, TestApp, call_with, tiny_jpeg, zip_names};
use backend::entities::{image, job};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One `server serve` process.
struct Instance {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Instance {
    /// Starts instance `name` on the test's database and bucket; returns once `/healthz` is ok.
    async fn start(app: &TestApp, name: &str, origin: &str, folder: &Path) -> Self {
        let addr = free_port();
        let log = folder.join(format!("{name}-{}.log", addr.port()));
        let output = std::fs::File::create(&log).expect("log file");
        let config = &app.state.ctx.config;
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("DATABASE_URL", &app.database_url)
            .env("PROOFROOM_STORAGE", config.storage.to_string())
            .env("PROOFROOM_ARCHIVE", config.archive.to_string())
            .env("PROOFROOM_UPLOADS", folder.join(format!("uploads-{name}")))
            .env("PROOFROOM_INSTANCE", name)
            .env("PROOFROOM_ADDR", addr.to_string())
            .env("PROOFROOM_PUBLIC_URL", origin)
            .env("PROOFROOM_TRUSTED_PROXIES", "127.0.0.1")
            .env("PROOFROOM_SMTP_PORT", "9")
            .env("PROOFROOM_JOB_LEASE_SECONDS", "3")
            .env("PROOFROOM_RENDER_WORKERS", "1")
            .env("LEPTOS_SITE_ROOT", &app.site)
            .env("RUST_LOG", "info")
            .stdout(output.try_clone().expect("log"))
            .stderr(output)
            .stdin(Stdio::null())
            .spawn()
            .expect("start server serve");
        let instance = Self { child, addr, log };
        let health = format!("http://{addr}/healthz");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(answer) = reqwest::get(&health).await
                && answer.status() == StatusCode::OK
            {
                return instance;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("instance {name} did not start:\n{}", instance.output());
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL: no shutdown, no lease given back).
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

/// A TCP proxy that hands each new connection to the next instance that accepts it.
async fn round_robin(backends: Arc<Mutex<Vec<SocketAddr>>>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut next = 0usize;
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else { return };
            let candidates = backends.lock().expect("backends").clone();
            let mut outbound = None;
            for _ in 0..candidates.len() {
                let backend = candidates[next % candidates.len()];
                next += 1;
                if let Ok(stream) = tokio::net::TcpStream::connect(backend).await {
                    outbound = Some(stream);
                    break;
                }
            }
            let Some(mut outbound) = outbound else { continue };
            tokio::spawn(async move {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            });
        }
    });
    addr
}

/// A browser-like client that opens a new connection for every request, so the proxy spreads
/// its requests over the instances.
fn spread_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Waits until every image of the gallery is ready.
async fn wait_until_rendered(app: &TestApp, gallery: &str, count: usize) {
    let gallery = uuid::Uuid::parse_str(gallery).expect("uuid");
    let started = Instant::now();
    loop {
        let rows = image::Entity::find()
            .filter(image::Column::GalleryId.eq(gallery))
            .all(&app.state.ctx.db)
            .await
            .expect("db");
        if rows.len() == count && rows.iter().all(|r| r.status == "ready") {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "not rendered: {rows:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The rendering job of an image, while it exists.
async fn render_job(app: &TestApp, image: &str) -> Option<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq("render_image"))
        .filter(job::Column::Payload.contains(image))
        .one(&app.state.ctx.db)
        .await
        .expect("db")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_and_bucket_act_as_one() {
    if std::env::var("TEST_DATABASE_URL").is_err() || !crate::support::on_s3() {
        eprintln!("needs TEST_DATABASE_URL and a local S3 server (tools/with-s3.sh): skipped");
        return;
    }
    let mut app = TestApp::start(Db::Postgres).await;
    let folder = tempfile::tempdir().expect("temp dir");
    let backends = Arc::new(Mutex::new(Vec::new()));
    let proxy = round_robin(backends.clone()).await;
    let origin = format!("http://{proxy}");
    app.base = origin.clone();
    app.client = spread_client();

    // A alone: the photographer uploads a 45-megapixel photo; A's worker claims its rendering
    // and is killed with -9 in the middle of it.
    let mut a = Instance::start(&app, "a", &origin, folder.path()).await;
    backends.lock().expect("backends").push(a.addr);
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Two instances", "two").await;
    let big = app.upload_ok(&gallery, "originals/kleiber-45mp-grain.jpg").await;
    let held_by_a = format!("-{}-", a.pid());
    let started = Instant::now();
    loop {
        let job = render_job(&app, &big).await.expect("the rendering job waits until it is done");
        if job.locked_by.as_deref().is_some_and(|by| by.contains(&held_by_a)) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "A never claimed the job: {job:?}\n{}", a.output());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.kill();
    let held = image::Entity::find_by_id(uuid::Uuid::parse_str(&big).expect("uuid")).one(&app.state.ctx.db).await;
    assert_eq!(held.expect("db").expect("row").status, "processing", "A died before it finished");
    let b = Instance::start(&app, "b", &origin, folder.path()).await;
    *backends.lock().expect("backends") = vec![b.addr];
    wait_until_rendered(&app, &gallery, 1).await;
    assert!(render_job(&app, &big).await.is_none(), "B finished the job A held");

    // Both live again: uploads, renditions, sessions, the quota and revocation, spread over two.
    let a = Instance::start(&app, "a", &origin, folder.path()).await;
    *backends.lock().expect("backends") = vec![a.addr, b.addr];
    let mut images = vec![big.clone()];
    for seed in 0..4 {
        images.push(app.upload_ok_bytes(&gallery, &format!("photo-{seed}.jpg"), tiny_jpeg(seed)).await);
    }
    wait_until_rendered(&app, &gallery, 5).await;
    app.save_settings(&gallery, |s| {
        s["switches"]["downloads"] = json!(true);
        s["high_res_quota"] = json!(3);
    })
    .await;
    app.publish(&gallery).await;
    let link = app.make_link(&gallery, "MainClient", None).await;
    let client = spread_client();
    assert!(client.get(app.url(&link)).send().await.expect("open").status().is_success());
    let given =
        call_with(&client, &app.base, "downloads/email", &[("slug", "two"), ("email", "ben@example.com")]).await;
    assert_eq!(given.status(), StatusCode::OK);

    // The same ZIP from either instance, byte for byte.
    let zip_from = |instance: &Instance| {
        let (client, url) = (client.clone(), instance.url("/zip/two/all/hd"));
        async move {
            let answer = client.get(url).send().await.expect("zip");
            assert_eq!(answer.status(), StatusCode::OK);
            answer.bytes().await.expect("body").to_vec()
        }
    };
    let (zip_a, zip_b) = (zip_from(&a).await, zip_from(&b).await);
    assert_eq!(zip_names(&zip_b).iter().filter(|name| name.ends_with(".jpg")).count(), 5, "{:?}", zip_names(&zip_b));
    assert_eq!(zip_a, zip_b, "one ZIP whichever instance serves it");

    // A quota race spread over both: exactly three photos granted.
    let race = (0..20).map(|i| {
        let (client, image) = (client.clone(), images[i % images.len()].clone());
        let url = app.url(&format!("/download/{image}/original"));
        async move { (image, client.get(url).send().await.expect("download").status()) }
    });
    let results = futures::future::join_all(race).await;
    let granted: BTreeSet<&String> = results.iter().filter(|(_, s)| *s == StatusCode::OK).map(|(i, _)| i).collect();
    assert_eq!(granted.len(), 3, "{results:?}");

    // Single ranges through B of a granted original: the bytes of the stored file.
    let granted = (*granted.iter().next().expect("granted")).clone();
    let original = app.live_original(&granted).await.expect("stored");
    let ranged = client
        .get(b.url(&format!("/download/{granted}/original")))
        .header("Range", "bytes=100-1099")
        .send()
        .await
        .expect("range");
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(ranged.bytes().await.expect("body").as_ref(), &original[100..1100]);

    // Revoked through one instance: refused by both at once.
    let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
    let link_id = links.as_array().and_then(|l| l.first()).map(|l| l["id"].clone()).expect("a link");
    let revoked = app.call_json("access/revoke_link", json!({ "id": gallery, "link": link_id })).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    for instance in [&a, &b] {
        let refused = client.get(instance.url(&format!("/download/{granted}/hd"))).send().await.expect("req");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "instance {}", instance.addr);
        assert!(refused.text().await.expect("body").contains("revoked"));
    }
}
