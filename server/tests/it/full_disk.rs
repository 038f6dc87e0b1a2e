//! A full disk, for real: the test runs again as a child process in its own user and mount
//! namespace (`unshare`, no root needed) with a 3 MB tmpfs as its storage and upload folder, so
//! writes fail with the kernel's own ENOSPC. The photographer reads a 507 with a sentence, nothing
//! half made stays, `/healthz` says degraded, and recovers once there is room again.

use crate::support::{TestApp, databases};
use reqwest::StatusCode;
use serde_json::Value;

/// Set in the child: the folder the tiny tmpfs is mounted on.
const CHILD_DIR: &str = "PROOFROOM_FULL_DISK_DIR";

#[tokio::test]
async fn a_full_disk_answers_507_and_leaves_nothing() {
    if let Some(dir) = std::env::var_os(CHILD_DIR) {
        for db in databases() {
            full_disk_run(db, std::path::Path::new(&dir)).await;
        }
        return;
    }
    let mount = tempfile::tempdir().expect("mount point");
    let exe = std::env::current_exe().expect("test binary");
    let output = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg(r#"mount -t tmpfs -o size=3m proofroom-full "$1" && exec "$0" --exact full_disk::a_full_disk_answers_507_and_leaves_nothing --test-threads=1 --nocapture"#)
        .arg(exe)
        .arg(mount.path())
        .env(CHILD_DIR, mount.path())
        .output()
        .expect("run unshare (util-linux)");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the full-disk run failed:\n{log}");
    assert!(log.contains("1 passed"), "the full-disk run did not run:\n{log}");
}

async fn full_disk_run(db: crate::support::Db, tiny: &std::path::Path) {
    let root = tiny.join(format!("{db:?}"));
    let app = TestApp::start_configured(db, false, |config| {
        config.storage = backend::storage::place::Place::Folder(root.join("objects"));
        config.upload_tmp = root.join("uploads-in-progress");
    })
    .await;
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Full", "").await;
    // 1.2 MB fits: received (1.2), stored (2.4), the received copy removed (1.2).
    app.upload_ok(&gallery, "demo/blinds.jpg").await;
    assert_eq!(app.client.get(app.url("/healthz")).send().await.expect("health").text().await.expect("body"), "ok");

    // 4.4 MB does not fit while it is received; 1.24 MB is received but does not fit in storage.
    for file in ["originals/kleiber-20mp.jpg", "demo/raindrops.jpg"] {
        let response = app.upload(&gallery, file).await;
        assert_eq!(response.status(), StatusCode::INSUFFICIENT_STORAGE, "{file}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], "Storage is full — free space or add storage; nothing was saved.", "{file}");
        assert_eq!(app.image_rows().await, 1, "{file}: no row");
        // A strict read that followed the bytes holds the partial file open, and so its space:
        // it has ended by the answer, or the next upload would find the disk still full.
        assert_eq!(app.state.ctx.early_reads.running(), 0, "{file}: its read ended before the answer");
        assert_eq!(files_under(&root), 1, "{file}: only the first original stays");
    }
    let health = app.client.get(app.url("/healthz")).send().await.expect("health");
    assert_eq!(health.status(), StatusCode::OK, "degraded, not down: viewing still works");
    let text = health.text().await.expect("body");
    assert!(text.starts_with("degraded"), "{text}");
    assert!(text.contains("storage is full"), "{text}");

    // Room again: uploads go in and the health check recovers.
    let again = app.upload(&gallery, "demo/aqua.jpg").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(app.client.get(app.url("/healthz")).send().await.expect("health").text().await.expect("body"), "ok");
    drop(app);
    std::fs::remove_dir_all(&root).expect("clean the tmpfs for the next database");
}

/// Every file under `dir`, staging files and partial uploads included (the health check's own
/// probe object aside).
fn files_under(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.path() {
            path if path.is_dir() => files_under(&path),
            path if path.ends_with("health-probe") || path.ends_with("proofroom-store") => 0,
            _ => 1,
        })
        .sum()
}
