//! The render job survives a crash: a worker that claimed the job and died leaves nothing
//! visible, and once its lease runs out another worker does the whole job again.

use crate::support::for_each_db;
use backend::jobs::{queue, worker};
use backend::photos::renditions::RenderImage;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

#[tokio::test]
async fn a_job_killed_halfway_runs_again() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Crash", "").await;
        let image = app.upload_ok(&gallery, "demo/blinds.jpg").await;
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now().timestamp_millis();

        // A worker claims the job, writes one rendition, and dies.
        let claimed = queue::claim(&ctx.db, "doomed-worker", now, 60_000).await.expect("claim").expect("a job");
        ctx.storage
            .put_bytes(
                backend::storage::StorageKey::Rendition(
                    image.parse().expect("id"),
                    domain::rendition::RenditionSize::Hd,
                ),
                b"half".to_vec(),
            )
            .await
            .expect("partial write");
        // While its lease holds, nobody else takes the job, and nothing shows.
        assert!(!worker::run_once(ctx, "other", now + 1_000).await.expect("queue"));
        assert_eq!(
            app.client.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Processing");

        // The lease runs out: another worker runs the job from the start and finishes it.
        assert!(worker::run_once(ctx, "rescuer", now + 61_000).await.expect("queue"));
        assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Ready");
        let hd = app.client.get(app.url(&format!("/media/{image}/hd"))).send().await.expect("req");
        assert_eq!(hd.status(), StatusCode::OK);
        let decoded =
            image::load_from_memory(&hd.bytes().await.expect("bytes")).expect("a whole JPEG, not the half write");
        assert_eq!(decoded.width(), 1920);
        // The job is gone from the queue; the crashed claim counted as an attempt.
        assert!(claimed.attempts >= 1);
        assert!(queue::claim(&ctx.db, "late", now + 120_000, 60_000).await.expect("claim").is_none());
    })
    .await;
}

#[tokio::test]
async fn two_workers_never_claim_the_same_job() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Race", "").await;
        for file in ["demo/aqua.jpg", "demo/dune.jpg", "demo/wood.jpg", "demo/garden.jpg"] {
            app.upload_ok(&gallery, file).await;
        }
        let db = app.state.ctx.db.clone();
        let now = chrono::Utc::now().timestamp_millis();
        let mut handles = Vec::new();
        for n in 0..8 {
            let db = db.clone();
            handles.push(tokio::spawn(async move {
                queue::claim(&db, &format!("w{n}"), now, 60_000).await.expect("claim").map(|c| c.id)
            }));
        }
        let mut won = Vec::new();
        for handle in handles {
            if let Some(id) = handle.await.expect("task") {
                won.push(id);
            }
        }
        won.sort_unstable();
        let before = won.len();
        won.dedup();
        assert_eq!(before, won.len(), "a job was claimed twice");
        assert_eq!(won.len(), 4);
    })
    .await;
}

/// Claims the only job once per attempt, each time by a worker that dies (1 s leases, 2 s apart);
/// answers the time after the last lease lapsed.
async fn every_attempt_dies(ctx: &backend::Ctx) -> i64 {
    let mut now = chrono::Utc::now().timestamp_millis();
    for _ in 0..<RenderImage as backend::jobs::JobKind>::MAX_ATTEMPTS {
        assert!(queue::claim(&ctx.db, "dies", now, 1_000).await.expect("claim").is_some());
        now += 2_000;
    }
    now
}

#[tokio::test]
async fn a_job_whose_worker_dies_every_time_ends_as_failed() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Doomed", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let ctx = &app.state.ctx;
        // Every worker that claims it dies: no attempt ever finishes.
        let now = every_attempt_dies(ctx).await;
        // The next worker gives up instead of running it once more, and says so.
        assert!(worker::run_once(ctx, "survivor", now).await.expect("queue"));
        let image = &app.editor(&gallery).await["images"][0];
        assert_eq!(image["card"]["status"], "Failed");
        assert!(image["failure"].as_str().unwrap_or_default().contains("Upload the file again"));
        // And it is never claimed again.
        assert!(!worker::run_once(ctx, "late", now + 3_600_000).await.expect("queue"));
    })
    .await;
}

#[tokio::test]
async fn a_worker_that_died_while_giving_up_leaves_the_giving_up_to_the_next() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Doomed twice", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let ctx = &app.state.ctx;
        let now = every_attempt_dies(ctx).await;
        // The worker that claims it to give up dies too, before giving up.
        let last = queue::claim(&ctx.db, "dies giving up", now, 1_000).await.expect("claim").expect("a job");
        assert!(last.exhausted());
        assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Processing");
        // Once its lease lapses, the next worker gives up in its place.
        assert!(worker::run_once(ctx, "survivor", now + 2_000).await.expect("queue"));
        assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Failed");
        assert!(!worker::run_once(ctx, "late", now + 3_600_000).await.expect("queue"));
    })
    .await;
}

#[tokio::test]
async fn a_worker_whose_lease_was_taken_over_cannot_finish_the_job() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Taken over", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now().timestamp_millis();
        // A stalls past its lease; B takes the job over and is running it.
        let stalled = queue::claim(&ctx.db, "A", now, 1_000).await.expect("claim").expect("a job");
        let taken = queue::claim(&ctx.db, "B", now + 2_000, 60_000).await.expect("claim").expect("the job again");
        assert_eq!(stalled.id, taken.id);
        // Whatever A then does to the job changes nothing: the row stays B's.
        assert!(!queue::complete(&ctx.db, stalled.id, "A").await.expect("complete"));
        assert!(!queue::retry_later(&ctx.db, &stalled, "A", "late", now + 2_500).await.expect("retry"));
        assert!(!queue::reschedule(&ctx.db, stalled.id, "A", now + 2_500).await.expect("reschedule"));
        assert!(!queue::bury(&ctx.db, stalled.id, "A", "late").await.expect("bury"));
        let row =
            backend::entities::job::Entity::find_by_id(stalled.id).one(&ctx.db).await.expect("row").expect("kept");
        assert_eq!(row.locked_by.as_deref(), Some("B"));
        assert!(row.locked_until.is_some_and(|until| until > now + 2_500));
        assert!(row.last_error.is_none());
        // B's heartbeat still holds, and B finishes it.
        assert!(queue::extend(&ctx.db, taken.id, "B", now + 90_000).await.expect("extend"));
        assert!(queue::complete(&ctx.db, taken.id, "B").await.expect("complete"));
    })
    .await;
}

#[tokio::test]
async fn a_dead_workers_job_is_taken_again_within_seconds() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Quick rescue", "").await;
        app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now().timestamp_millis();
        // A worker claims the render with the configured lease and is killed at once.
        let lease = i64::try_from(ctx.config.job_lease.as_millis()).expect("lease");
        queue::claim(&ctx.db, "killed", now, lease).await.expect("claim").expect("a job");
        // Half a minute later another worker takes it and finishes it.
        assert!(worker::run_once(ctx, "rescuer", now + 31_000).await.expect("queue"), "still leased after 31 s");
        assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Ready");
    })
    .await;
}

#[tokio::test]
async fn a_running_job_keeps_its_lease_by_heartbeat() {
    crate::support::for_each_db_configured(
        |config| config.job_lease = std::time::Duration::from_millis(1_500),
        |app| async move {
            app.sign_up("anna@example.com").await;
            let gallery = app.create_gallery("Long render", "").await;
            app.upload_ok(&gallery, "demo/aqua.jpg").await;
            let ctx = app.state.ctx.clone();
            // Every render slot is taken, so the render waits: a job that runs longer than its lease.
            let slots = ctx.render_slots.clone().acquire_many_owned(2).await.expect("slots");
            let running = {
                let ctx = ctx.clone();
                tokio::spawn(async move { worker::run_once(&ctx, "busy", chrono::Utc::now().timestamp_millis()).await })
            };
            let claimed = async {
                loop {
                    let rows = backend::entities::job::Entity::find().all(&ctx.db).await.expect("jobs");
                    if rows.iter().any(|j| j.locked_by.as_deref() == Some("busy")) {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            };
            tokio::time::timeout(std::time::Duration::from_secs(10), claimed).await.expect("the job is claimed");
            // Three leases later the worker is still at it, and nobody else may take the job.
            tokio::time::sleep(std::time::Duration::from_millis(4_500)).await;
            let now = chrono::Utc::now().timestamp_millis();
            assert!(queue::claim(&ctx.db, "thief", now, 1_500).await.expect("claim").is_none(), "the lease lapsed");
            drop(slots);
            assert!(running.await.expect("task").expect("queue"));
            assert_eq!(app.editor(&gallery).await["images"][0]["card"]["status"], "Ready");
        },
    )
    .await;
}

#[test]
fn every_kind_of_job_registers_itself() {
    let mut kinds: Vec<&str> = backend::jobs::registry::all().map(|r| r.kind).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "archive_gallery",
            "forget_old_activity",
            "forget_old_carts",
            "forget_sent_mail",
            "make_download_sizes",
            "purge_deleted",
            "reconcile_card_payments",
            "render_image",
            "restore_gallery",
            "scrub_originals",
            "send_digests",
            "send_mail",
            "send_password_reset",
            "serve_restores",
            "sweep_storage",
            "tier_originals",
            "watermark_image"
        ]
    );
    let periodic: Vec<&str> = backend::jobs::registry::all().filter(|r| r.periodic).map(|r| r.kind).collect();
    assert_eq!(periodic.len(), 9, "{periodic:?}");
}

/// A row of a kind this version does not know (queued by a newer instance during a rolling
/// upgrade) is left to the others, never buried: its attempt is given back and it is due again
/// in ten minutes. A periodic row left dead is due again at the next start (`periodic::ensure`).
#[tokio::test]
async fn a_row_of_a_kind_this_version_does_not_know_is_left_for_a_version_that_does() {
    use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
    for_each_db(|app| async move {
        let ctx = &app.state.ctx;
        let now = chrono::Utc::now().timestamp_millis();
        let row = backend::entities::job::ActiveModel {
            kind: Set("from_the_future".to_owned()),
            payload: Set(r#"{"kind":"from_the_future","payload":{}}"#.to_owned()),
            attempts: Set(0),
            max_attempts: Set(5),
            run_after: Set(now),
            created_at: Set(now),
            ..Default::default()
        };
        let id = backend::entities::job::Entity::insert(row).exec(&ctx.db).await.expect("insert").last_insert_id;
        assert!(worker::run_once(ctx, "w", now).await.expect("queue"), "looked at");
        let kept = backend::entities::job::Entity::find_by_id(id).one(&ctx.db).await.expect("query").expect("kept");
        assert!(kept.last_error.unwrap_or_default().contains("no such kind"));
        assert_eq!(kept.attempts, 0, "the attempt is given back");
        assert_eq!(kept.locked_by, None);
        assert!(kept.run_after > now && kept.run_after < backend::jobs::queue::NEVER, "due again later");
        assert!(!worker::run_once(ctx, "w", now + 60_000).await.expect("queue"), "not before then");
        // No version has run it for a day: a kind since removed, left dead.
        let day_later = now + 25 * 3_600_000;
        assert!(worker::run_once(ctx, "w", day_later).await.expect("queue"));
        let dead = backend::entities::job::Entity::find_by_id(id).one(&ctx.db).await.expect("query").expect("kept");
        assert_eq!(dead.run_after, backend::jobs::queue::NEVER);

        // A periodic row buried (say by an older instance): the next start makes it due again.
        backend::jobs::periodic::ensure(&ctx.db, now).await.expect("ensure");
        let sweep = backend::entities::job::Entity::find()
            .filter(backend::entities::job::Column::Kind.eq("sweep_storage"))
            .one(&ctx.db)
            .await
            .expect("query")
            .expect("the periodic row");
        backend::entities::job::Entity::update(backend::entities::job::ActiveModel {
            id: Set(sweep.id),
            run_after: Set(backend::jobs::queue::NEVER),
            attempts: Set(sweep.max_attempts),
            ..Default::default()
        })
        .exec(&ctx.db)
        .await
        .expect("bury");
        backend::jobs::periodic::ensure(&ctx.db, now).await.expect("ensure");
        let revived =
            backend::entities::job::Entity::find_by_id(sweep.id).one(&ctx.db).await.expect("query").expect("kept");
        assert_eq!((revived.run_after, revived.attempts), (now, 0));
    })
    .await;
}

/// A render that cannot read its original for a while (the storage down) keeps trying for
/// hours, the photo waiting, and makes it once the original is back: an outage never turns sound
/// originals into "upload the file again".
#[tokio::test]
async fn a_render_outlasts_a_storage_outage() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Outage", "").await;
        let image = app.upload_ok(&gallery, "demo/blinds.jpg").await;
        let ctx = &app.state.ctx;
        let status = || async {
            let id: uuid::Uuid = image.parse().expect("uuid");
            backend::entities::image::Entity::find_by_id(id).one(&ctx.db).await.expect("read").expect("row").status
        };
        let original = app.live_original(&image).await.expect("stored");
        ctx.storage.delete(backend::storage::StorageKey::Original(image.parse().expect("id"))).await.expect("gone");
        // Ten tries (more than the queue's usual five), each failing and put off: each run when
        // it is due (retries are timed from the clock, so the test follows the job's own time).
        let render = || async {
            use sea_orm::{ColumnTrait, QueryFilter};
            backend::entities::job::Entity::find()
                .filter(backend::entities::job::Column::Kind.eq("render_image"))
                .one(&ctx.db)
                .await
                .expect("read")
                .expect("the render job")
        };
        for _ in 0..100 {
            let job = render().await;
            if job.attempts >= 10 {
                break;
            }
            worker::run_once(ctx, "w", job.run_after).await.expect("queue");
        }
        assert_eq!(render().await.attempts, 10);
        assert_eq!(status().await, "processing", "still waiting, not failed");
        app.put_live_original(&image, original).await;
        let due = render().await.run_after;
        while worker::run_once(ctx, "w", due).await.expect("queue") {}
        assert_eq!(status().await, "ready");
    })
    .await;
}
