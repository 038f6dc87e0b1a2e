//! Crash leftovers in storage: a half-copied original (object_store's `#1` staging file), an
//! object under `incoming/`, an original and a rendition whose row never committed. The storage
//! sweep removes what is older than the grace period and unreferenced, keeps everything young
//! or referenced, and reports a count.

use crate::support::for_each_db;
use reqwest::StatusCode;

/// Writes `bytes` at `relative` under the storage folder, `age` old.
fn leftover(root: &std::path::Path, relative: &str, age: std::time::Duration) -> std::path::PathBuf {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(&path, b"half of a photo").expect("write");
    let file = std::fs::File::options().write(true).open(&path).expect("open");
    file.set_modified(std::time::SystemTime::now() - age).expect("set mtime");
    path
}

#[tokio::test]
async fn the_storage_sweep_removes_old_unreferenced_objects_only() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Sweep", "").await;
        let image = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;
        let ctx = &app.state.ctx;
        // File times and staging names are a local folder's (on S3, the test below; there a half
        // upload is an unfinished multipart upload, which shows no object at all).
        let Some(root) = ctx.config.storage.folder().map(std::path::Path::to_path_buf) else { return };
        let old = ctx.config.sweep_grace + std::time::Duration::from_secs(60);
        let young = std::time::Duration::from_secs(1);
        let orphan = uuid::Uuid::now_v7();
        let gone = [
            leftover(&root, &format!("originals/{orphan}"), old),
            leftover(&root, &format!("originals/{}#1", uuid::Uuid::now_v7()), old),
            leftover(&root, &format!("incoming/{}", uuid::Uuid::new_v4()), old),
            leftover(&root, &format!("renditions/{orphan}/hd.jpg"), old),
        ];
        // A copy that is still being committed (young), and the real image's own files (old).
        let in_flight = leftover(&root, &format!("originals/{}", uuid::Uuid::now_v7()), young);
        let mut own = vec![root.join("originals").join(&image)];
        own.extend(
            std::fs::read_dir(root.join("renditions").join(&image)).expect("renditions").flatten().map(|e| e.path()),
        );
        for path in &own {
            std::fs::File::options()
                .write(true)
                .open(path)
                .expect("open")
                .set_modified(std::time::SystemTime::now() - old)
                .expect("age");
        }

        let report = backend::storage::sweep::sweep_storage(ctx, chrono::Utc::now()).await.expect("sweep");
        assert_eq!(report.removed(), gone.len(), "{report:?}");
        for path in &gone {
            assert!(!path.exists(), "{} should be swept", path.display());
        }
        assert!(in_flight.exists(), "a young object may be an upload being committed");
        for path in &own {
            assert!(path.exists(), "{} belongs to an image", path.display());
        }
        let hd = app.client.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("media");
        assert_eq!(hd.status(), StatusCode::OK);

        // The sweep is a periodic job: scheduled once, run by any worker, then due again later.
        let now = chrono::Utc::now().timestamp_millis();
        backend::jobs::periodic::ensure(&ctx.db, now).await.expect("schedule");
        backend::jobs::periodic::ensure(&ctx.db, now).await.expect("schedule twice");
        let sweeps = |rows: &[backend::entities::job::Model]| rows.iter().filter(|j| j.kind == "sweep_storage").count();
        use sea_orm::EntityTrait;
        let rows = backend::entities::job::Entity::find().all(&ctx.db).await.expect("jobs");
        assert_eq!(sweeps(&rows), 1);
        app.run_jobs().await;
        let rows = backend::entities::job::Entity::find().all(&ctx.db).await.expect("jobs");
        assert_eq!(sweeps(&rows), 1, "the sweep stays scheduled");
        let next = rows.iter().find(|j| j.kind == "sweep_storage").expect("sweep").run_after;
        assert!(next > now, "the next sweep is due later");
    })
    .await;
}

/// On S3 the sweep lists the bucket's prefix: an unreferenced original and rendition go once
/// past the grace (object times come from the server, so the sweep is run "later"), the
/// image's own objects stay, and nothing is removed before the grace.
#[tokio::test]
async fn the_storage_sweep_removes_unreferenced_objects_from_a_bucket() {
    use backend::storage::StorageKey;
    use domain::ids::ImageId;
    use domain::rendition::RenditionSize;
    if !crate::support::on_s3() {
        eprintln!("not on S3: the folder sweep has its own test");
        return;
    }
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Sweep", "").await;
        let image = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;
        let ctx = &app.state.ctx;
        let orphan = ImageId(uuid::Uuid::now_v7());
        let planted = [StorageKey::Original(orphan), StorageKey::Rendition(orphan, RenditionSize::Hd)];
        for key in planted {
            ctx.storage.put_bytes(key, b"left by a crash".to_vec()).await.expect("plant");
        }
        let now = chrono::Utc::now();
        let early = backend::storage::sweep::sweep_storage(ctx, now).await.expect("sweep");
        assert_eq!(early.removed(), 0, "younger than the grace: {early:?}");
        let later =
            now + chrono::Duration::from_std(ctx.config.sweep_grace).expect("grace") + chrono::Duration::minutes(1);
        let report = backend::storage::sweep::sweep_storage(ctx, later).await.expect("sweep");
        assert_eq!(report.unreferenced, planted.len(), "{report:?}");
        for key in planted {
            assert!(ctx.storage.info(key).await.is_err(), "{key:?} swept");
        }
        assert!(app.live_original(&image).await.is_some(), "the image's original stays");
        let hd = app.client.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("media");
        assert_eq!(hd.status(), StatusCode::OK);
    })
    .await;
}
