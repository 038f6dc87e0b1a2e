//! Slow and greedy clients, over raw TCP: a stalled upload is ended and its temporary file
//! removed, a request head trickled in line by line is cut off, one studio cannot upload more
//! than its share at once, and one address cannot hold more than its share of connections.

use crate::support::{TestApp, for_each_db_configured};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Makes a studio and signs it in without a cookie jar; returns its session cookie and a new gallery's id.
async fn session(app: &TestApp) -> (String, String) {
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let form = backend::studio::auth::SignUp {
        studio_name: "Slow".to_owned(),
        email: "slow@example.com".to_owned(),
        password: "a long password 1".to_owned(),
    };
    backend::studio::auth::create_studio(&app.state.ctx, form).await.expect("studio");
    let signed_up = crate::support::call_with(
        &plain,
        &app.base,
        "auth/sign_in",
        &[("email", "slow@example.com"), ("password", "a long password 1")],
    )
    .await;
    let cookie =
        signed_up.headers()["set-cookie"].to_str().expect("ascii").split(';').next().unwrap_or_default().to_owned();
    let created = plain
        .post(app.url("/api/galleries/create"))
        .header("Cookie", &cookie)
        .form(&[("title", "Slow"), ("slug", ""), ("event_date", "")])
        .send()
        .await
        .expect("request");
    (cookie, created.json().await.expect("gallery id"))
}

fn address(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

/// Starts an upload of `declared` bytes and sends only `sent` of them.
async fn stalled_upload(app: &TestApp, cookie: &str, gallery: &str, declared: usize, sent: usize) -> TcpStream {
    let mut stream = TcpStream::connect(address(app)).await.expect("connect");
    let head = format!(
        "POST /api/galleries/{gallery}/images HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-File-Name: slow.jpg\r\nContent-Length: {declared}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(&vec![0xFFu8; sent]).await.expect("half a body");
    stream
}

/// Reads until the server closes the connection (or `limit` passes: then `false`).
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut sink = vec![0u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// The number of files in the instance's upload folder.
fn receiving(app: &TestApp) -> usize {
    std::fs::read_dir(app.state.ctx.config.upload_dir()).map(|d| d.count()).unwrap_or(0)
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..250 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what}");
}

fn quick_timeouts(config: &mut backend::config::BackendConfig) {
    config.header_read_timeout = Duration::from_secs(1);
    config.body_idle_timeout = Duration::from_secs(1);
}

#[tokio::test]
async fn a_stalled_upload_is_closed_and_its_temporary_file_removed() {
    for_each_db_configured(quick_timeouts, |app| async move {
        let (cookie, gallery) = session(&app).await;
        let mut stream = stalled_upload(&app, &cookie, &gallery, 1_000_000, 100_000).await;
        eventually("the upload is being received", || receiving(&app) == 1).await;
        // Then silence: the server gives up on the body, answers and closes.
        assert!(closed_within(&mut stream, Duration::from_secs(20)).await, "a stalled upload stays open");
        eventually("the temporary file goes with the connection", || receiving(&app) == 0).await;
        assert_eq!(app.image_rows().await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_request_head_trickled_line_by_line_is_cut_off() {
    for_each_db_configured(quick_timeouts, |app| async move {
        let mut stream = TcpStream::connect(address(&app)).await.expect("connect");
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.expect("start");
        let trickle = async {
            for n in 0..100 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if stream.write_all(format!("X-Slow-{n}: 1\r\n").as_bytes()).await.is_err() {
                    return true;
                }
                let mut probe = [0u8; 1];
                if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await {
                    return true;
                }
            }
            false
        };
        assert!(trickle.await, "a head sent one line every 0.3 s is still open after 30 s");
    })
    .await;
}

#[tokio::test]
async fn one_studio_uploads_only_so_many_files_at_once() {
    for_each_db_configured(
        |config| config.uploads_per_studio = 2,
        |app| async move {
            let (cookie, gallery) = session(&app).await;
            let first = stalled_upload(&app, &cookie, &gallery, 1_000_000, 10_000).await;
            let _second = stalled_upload(&app, &cookie, &gallery, 1_000_000, 10_000).await;
            eventually("both are being received", || receiving(&app) == 2).await;
            let bytes = std::fs::read(crate::support::corpus("demo/aqua.jpg")).expect("file");
            let third = reqwest::Client::new()
                .post(app.url(&format!("/api/galleries/{gallery}/images")))
                .header("Cookie", &cookie)
                .header("X-File-Name", "aqua.jpg")
                .body(bytes.clone())
                .send()
                .await
                .expect("third");
            assert_eq!(third.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
            assert!(third.headers().contains_key("retry-after"));
            let body: serde_json::Value = third.json().await.expect("json");
            assert!(body["error"].as_str().unwrap_or_default().contains("2 files at once"), "{body}");
            // One gives up: its place is free again.
            drop(first);
            eventually("the dropped upload is gone", || receiving(&app) == 1).await;
            let fourth = reqwest::Client::new()
                .post(app.url(&format!("/api/galleries/{gallery}/images")))
                .header("Cookie", &cookie)
                .header("X-File-Name", "aqua.jpg")
                .body(bytes)
                .send()
                .await
                .expect("fourth");
            assert_eq!(fourth.status(), reqwest::StatusCode::CREATED);
        },
    )
    .await;
}

#[tokio::test]
async fn one_address_holds_only_so_many_connections() {
    for_each_db_configured(
        |config| {
            config.connections_per_address = 3;
            // Nobody is a trusted proxy here, so the test client's address is counted.
            config.trusted_proxies.clear();
        },
        |app| async move {
            let mut open = Vec::new();
            for _ in 0..3 {
                open.push(TcpStream::connect(address(&app)).await.expect("connect"));
            }
            let refused = reqwest::Client::new().get(app.url("/healthz")).send().await.expect("fourth");
            assert_eq!(refused.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
            assert!(refused.text().await.expect("body").contains("Too many connections"));
            open.pop();
            let mut answered = false;
            for _ in 0..100 {
                let response = reqwest::Client::new().get(app.url("/healthz")).send().await.expect("again");
                if response.status() == reqwest::StatusCode::OK {
                    answered = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            assert!(answered, "a closed connection gives its place back");
        },
    )
    .await;
}
