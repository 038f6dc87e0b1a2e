//! A store and a database that do not belong together: a new, empty database (a relative
//! `DATABASE_URL` read from another folder) opened on a store full of photos, or a database whose
//! store is missing (a volume not mounted). The start is refused with a sentence, and the storage
//! sweep, which deletes whatever its database does not know, deletes nothing there.

use crate::support::{for_each_db, on_s3};
use backend::storage::StorageKey;
use domain::ids::ImageId;

/// A second context on the same storage as `app`, with a database of its own (new and migrated).
async fn another_database(app: &crate::support::TestApp, dir: &std::path::Path) -> backend::Ctx {
    let url = format!("sqlite://{}?mode=rwc", dir.join("other.db").display());
    let db = backend::db::connect(&url).await.expect("connect");
    backend::db::migrate(&db).await.expect("migrate");
    let mut config = (*app.state.ctx.config).clone();
    config.upload_tmp = dir.join("uploads");
    backend::Ctx::new(db, config).expect("ctx")
}

#[tokio::test]
async fn a_new_database_on_a_store_of_photos_is_refused_and_sweeps_nothing() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Marked", "").await;
        let image = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;
        // Starting again on its own database is fine, as often as it starts.
        backend::storage::pairing::ensure(&app.state.ctx).await.expect("its own store");

        let dir = tempfile::tempdir().expect("temp dir");
        let stranger = another_database(&app, dir.path()).await;
        let refused = backend::storage::pairing::ensure(&stranger).await.expect_err("another database's store");
        assert!(refused.contains("PROOFROOM_STORAGE=") && refused.contains("belongs to another database"), "{refused}");

        // Had it been started anyway, its sweep (a day later, past any grace) keeps every photo.
        let later = chrono::Utc::now() + chrono::Duration::days(1);
        let report = backend::storage::sweep::sweep_storage(&stranger, later).await.expect("sweep");
        assert_eq!(report.unreferenced, 0, "{report:?}");
        let id = ImageId(image.parse().expect("image id"));
        app.state.ctx.storage.info(StorageKey::Original(id)).await.expect("the original is still there");
    })
    .await;
}

/// Stores from before marks existed: a database with photos marks its store at its first start;
/// an empty database facing a store of photos is refused.
#[tokio::test]
async fn an_unmarked_store_is_marked_by_its_own_database_only() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Unmarked", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let ctx = &app.state.ctx;
        use sea_orm::EntityTrait;
        ctx.storage.delete(StorageKey::Mark).await.expect("unmark");
        ctx.archive.delete(StorageKey::Mark).await.expect("unmark");
        backend::entities::storage_mark::Entity::delete_many().exec(&ctx.db).await.expect("unmark");

        let dir = tempfile::tempdir().expect("temp dir");
        let stranger = another_database(&app, dir.path()).await;
        let refused = backend::storage::pairing::ensure(&stranger).await.expect_err("an empty database");
        assert!(refused.contains("has no photos"), "{refused}");

        backend::storage::pairing::ensure(ctx).await.expect("its own database marks it");
        assert!(backend::storage::pairing::is_own(ctx, backend::storage::pairing::Tier::Live).await.expect("read"));
        // A start stopped between committing the row and writing the mark: the next one writes
        // it, the store holding the database's photos.
        ctx.storage.delete(StorageKey::Mark).await.expect("unmark");
        backend::storage::pairing::ensure(ctx).await.expect("marked again");
        assert!(backend::storage::pairing::is_own(ctx, backend::storage::pairing::Tier::Live).await.expect("read"));
    })
    .await;
}

/// A database whose store is an empty folder (its volume not mounted) is refused: uploads
/// would go where its photos are not.
#[tokio::test]
async fn a_database_whose_store_is_missing_is_refused() {
    if on_s3() {
        return;
    }
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Unmounted", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = (*app.state.ctx.config).clone();
        config.storage = backend::storage::place::Place::Folder(dir.path().join("empty"));
        config.upload_tmp = dir.path().join("uploads");
        let ctx = backend::Ctx::new(app.state.ctx.db.clone(), config).expect("ctx");
        let refused = backend::storage::pairing::ensure(&ctx).await.expect_err("an empty store");
        assert!(refused.contains("does not hold this database's photos"), "{refused}");
        // The same on the first start after an upgrade, before either was marked.
        use sea_orm::EntityTrait;
        backend::entities::storage_mark::Entity::delete_many().exec(&ctx.db).await.expect("unmark");
        let refused = backend::storage::pairing::ensure(&ctx).await.expect_err("an empty store");
        assert!(refused.contains("does not hold this database's photos"), "{refused}");
        assert!(!dir.path().join("empty").join("proofroom-store").exists(), "the empty folder is not marked");
    })
    .await;
}
