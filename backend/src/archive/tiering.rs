//! Moving images between tiers, one image at a time, each step safe to run again: archiving (old
//! images by the periodic job, a whole gallery by hand) and taking restores back when they run
//! out. The periodic job `TierOriginals` does both.

use super::files::{TierFile, tier_files};
use super::moves::{Direction, move_file, record, run_moves};
use crate::ctx::Ctx;
use crate::entities::{gallery, image, restore_request};
use crate::error::ServiceResult;
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Utc};
use domain::gallery::ImageStatus;
use futures::FutureExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use uuid::Uuid;

/// How many images one run of a job moves before it yields (it is then due again at once).
const BATCH: u64 = 100;

/// Puts `found` in the archive only: copies its files there (checked), then marks the row
/// archived and not live, then deletes the live copies. Answers the bytes copied.
pub async fn archive_image(ctx: &Ctx, found: &image::Model, now: DateTime<Utc>) -> ServiceResult<u64> {
    let checked = tier_files(ctx, found).await?;
    let mut copied = 0;
    for file in &checked {
        copied += move_file(ctx, &ctx.storage, &ctx.archive, found.id, file).await?;
    }
    // The photographer may have chosen "Restore" while this image was being copied: then it stays
    // live (the archive's copy is a spare), whatever run archives it.
    if mark_archived(ctx, found.id, found.archived_at.unwrap_or(now)).await? {
        drop_live_copies(ctx, found, &checked).await?;
    }
    Ok(copied)
}

/// The row's step of archiving: the archive holds checked copies, the live tier none. Only while
/// its gallery is not kept live; answers whether the row changed.
pub async fn mark_archived(ctx: &Ctx, id: Uuid, archived_at: DateTime<Utc>) -> ServiceResult<bool> {
    let archivable = sea_orm::sea_query::Query::select()
        .column(gallery::Column::Id)
        .from(gallery::Entity)
        .and_where(gallery::Column::KeepLive.eq(false))
        .to_owned();
    let changed = image::Entity::update_many()
        .col_expr(image::Column::ArchivedAt, Expr::value(Some(archived_at)))
        .col_expr(image::Column::OriginalLive, Expr::value(false))
        .col_expr(image::Column::RestoredUntil, Expr::value(None::<DateTime<Utc>>))
        .filter(image::Column::Id.eq(id))
        .filter(image::Column::GalleryId.in_subquery(archivable))
        .exec(&ctx.db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// Deletes the live copies of an archived image's files. `checked` were just copied and checked;
/// any other (a size made between that and the row's change) is copied and checked first.
pub async fn drop_live_copies(ctx: &Ctx, found: &image::Model, checked: &[TierFile]) -> ServiceResult<()> {
    let files = tier_files(ctx, found).await?;
    for file in &files {
        if !checked.contains(file) {
            move_file(ctx, &ctx.storage, &ctx.archive, found.id, file).await?;
        }
        ctx.storage.delete(file.key).await?;
    }
    // A restore may have marked the image live between the row's change and these deletes
    // (reusing the copy just deleted): then the live copies come back from the archive.
    let now_live = image::Entity::find_by_id(found.id).one(&ctx.db).await?.is_some_and(|i| i.original_live);
    if now_live {
        for file in &files {
            move_file(ctx, &ctx.archive, &ctx.storage, found.id, file).await?;
        }
    }
    Ok(())
}

/// Images the periodic job archives: older than `cutoff`, finished, not deleted, never archived
/// (a restore runs out on its own; an image restored by hand stays live), in galleries not kept
/// live, and not known damaged (a damaged original must not become the only copy).
async fn due_for_archive(ctx: &Ctx, cutoff: DateTime<Utc>) -> ServiceResult<Vec<image::Model>> {
    let kept = sea_orm::sea_query::Query::select()
        .column(gallery::Column::Id)
        .from(gallery::Entity)
        .and_where(gallery::Column::KeepLive.eq(true))
        .to_owned();
    Ok(image::Entity::find()
        .filter(image::Column::CreatedAt.lt(cutoff))
        .filter(image::Column::ArchivedAt.is_null())
        .filter(image::Column::OriginalLive.eq(true))
        .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
        .filter(image::Column::DeletedAt.is_null())
        .filter(image::Column::DamagedAt.is_null())
        .filter(image::Column::GalleryId.not_in_subquery(kept))
        .order_by_asc(image::Column::CreatedAt)
        .limit(BATCH)
        .all(&ctx.db)
        .await?)
}

/// Archives a batch of old images; answers whether more may be waiting.
pub async fn archive_old(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<bool> {
    let Some(age) = ctx.config.archive_after else { return Ok(false) };
    let Some(cutoff) = chrono::Duration::from_std(age).ok().and_then(|age| now.checked_sub_signed(age)) else {
        return Ok(false);
    };
    let due = due_for_archive(ctx, cutoff).await?;
    let started = Instant::now();
    // One image that cannot move (its storage answers an error) must not hold back the others:
    // it is logged and tried again on the next run. A damaged one is marked and left out.
    let failed = std::sync::atomic::AtomicUsize::new(0);
    let moves = due.iter().map(|found| {
        let failed = &failed;
        async move {
            archive_image(ctx, found, now).await.or_else(|e| {
                tracing::error!(image = %found.id, error = %e, "archiving an original failed; it stays live");
                failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(0)
            })
        }
        .boxed()
    });
    let copied = run_moves(moves.collect()).await?;
    record(ctx, Direction::Archive, copied, started.elapsed(), now).await?;
    // A full batch says more may be waiting, unless none of it moved: the same oldest images would
    // be due again at once, and a run straight after (the archive down, its disk full) would copy
    // them again, and again, with no pause.
    let moved = due.len() - failed.into_inner();
    Ok(due.len() as u64 == BATCH && moved > 0)
}

/// Takes back the restores that ran out: the row first says the original is in the archive
/// only, then the live copies go. Requests whose link ran out become `expired`.
pub async fn expire_restores(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<bool> {
    // A gallery the photographer restored by hand keeps every original live, a visitor's window
    // ended or not; its windows matter again only once it is archived again.
    let kept = || {
        sea_orm::sea_query::Query::select()
            .column(gallery::Column::Id)
            .from(gallery::Entity)
            .and_where(gallery::Column::KeepLive.eq(true))
            .to_owned()
    };
    let ran_out = image::Entity::find()
        .filter(image::Column::RestoredUntil.lte(now))
        .filter(image::Column::ArchivedAt.is_not_null())
        // A photo lost from the archive has no copy to take back to it (nor one to delete).
        .filter(image::Column::DamagedAt.is_null())
        .filter(image::Column::GalleryId.not_in_subquery(kept()))
        .limit(BATCH)
        .all(&ctx.db)
        .await?;
    for found in &ran_out {
        // The archive's copies are checked again before the row says "archive only" (a size made
        // while restored goes there first).
        let checked = tier_files(ctx, found).await?;
        for file in &checked {
            move_file(ctx, &ctx.storage, &ctx.archive, found.id, file).await?;
        }
        let taken_back = image::Entity::update_many()
            .col_expr(image::Column::OriginalLive, Expr::value(false))
            .col_expr(image::Column::RestoredUntil, Expr::value(None::<DateTime<Utc>>))
            .filter(image::Column::Id.eq(found.id))
            .filter(image::Column::RestoredUntil.lte(now))
            .filter(image::Column::GalleryId.not_in_subquery(kept()))
            .exec(&ctx.db)
            .await?;
        // A restore that extended the window (or made it live for good) meanwhile keeps it.
        if taken_back.rows_affected == 1 {
            drop_live_copies(ctx, found, &checked).await?;
        }
    }
    restore_request::Entity::update_many()
        .col_expr(restore_request::Column::Status, Expr::value(restore_request::EXPIRED))
        .filter(restore_request::Column::Status.eq(restore_request::READY))
        .filter(restore_request::Column::ExpiresAt.lte(now))
        .exec(&ctx.db)
        .await?;
    // A request over with for a month goes, with the address and the copy of the visitor's
    // session it kept: its link had answered "run out" (or never worked) long enough.
    restore_request::Entity::delete_many()
        .filter(restore_request::Column::Status.is_in([restore_request::EXPIRED, restore_request::FAILED]))
        .filter(restore_request::Column::CreatedAt.lt(now - chrono::Duration::days(FORGET_AFTER_DAYS)))
        .exec(&ctx.db)
        .await?;
    Ok(ran_out.len() as u64 == BATCH)
}

/// Days after it was asked for when a restore request that ran out or failed is forgotten (its
/// link lived a week at most).
const FORGET_AFTER_DAYS: i64 = 30;

/// Archives old images and takes back restores that ran out. Periodic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierOriginals;

impl JobKind for TierOriginals {
    const KIND: &'static str = "tier_originals";
    // A failed run waits its back-off and tries again; it is never given up.
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        let now = Utc::now();
        let transient = |e: crate::error::ServiceError| JobError::Transient(e.to_string());
        // Both run, whatever the other answers: restores that cannot be taken back (the archive
        // unreachable) must not stop old images being archived, nor the other way round.
        let expired = expire_restores(ctx, now).await;
        let old = archive_old(ctx, now).await;
        let (more_expired, more_old) = (expired.map_err(transient)?, old.map_err(transient)?);
        Ok(Next::Again(if more_expired || more_old { std::time::Duration::ZERO } else { ctx.config.archive_every }))
    }
}

crate::register_job!(TierOriginals);

/// Archives every finished image of a gallery now (the photographer's "Archive now"), and lets
/// age decide again from then on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveGallery {
    pub gallery: Uuid,
}

impl JobKind for ArchiveGallery {
    const KIND: &'static str = "archive_gallery";
    /// The photographer asked for it: a storage outage delays it, never drops it.
    const PATIENT: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        let transient = |e: crate::error::ServiceError| JobError::Transient(e.to_string());
        archive_gallery(ctx, self.gallery, Utc::now()).await.map_err(transient)?;
        Ok(Next::Done)
    }
}

crate::register_job!(ArchiveGallery);

/// The work of `ArchiveGallery`, resumable: images already archived are skipped.
pub async fn archive_gallery(ctx: &Ctx, gallery: Uuid, now: DateTime<Utc>) -> ServiceResult<()> {
    let started = Instant::now();
    let mut copied = 0;
    loop {
        // The photographer may have asked for the originals back since this job was queued: their
        // later "Restore" stands, and this run stops (the restore's own job brings back what it
        // moved).
        let wanted = gallery::Entity::find_by_id(gallery).one(&ctx.db).await?;
        if wanted.is_none_or(|g| g.keep_live) {
            break;
        }
        let batch = image::Entity::find()
            .filter(image::Column::GalleryId.eq(gallery))
            .filter(image::Column::OriginalLive.eq(true))
            .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
            .filter(image::Column::DeletedAt.is_null())
            .filter(image::Column::DamagedAt.is_null())
            // A visitor's restore keeps the days it was promised; it goes back when they end.
            .filter(image::Column::RestoredUntil.is_null())
            .order_by_asc(image::Column::Id)
            .limit(BATCH)
            .all(&ctx.db)
            .await?;
        if batch.is_empty() {
            break;
        }
        copied += run_moves(batch.iter().map(|found| archive_image(ctx, found, now).boxed()).collect()).await?;
    }
    record(ctx, Direction::Archive, copied, started.elapsed(), now).await
}
