//! The photographer's view and hands on a gallery's tiers: where its originals are (live and
//! archived photos and bytes), "Archive now" and "Restore".

use super::restoring::RestoreGallery;
use super::tiering::ArchiveGallery;
use crate::ctx::Ctx;
use crate::entities::{gallery, image, job};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use crate::jobs::JobKind;
use chrono::{DateTime, Utc};
use domain::archive::GalleryStorage;
use domain::ids::{GalleryId, StudioId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

/// Where the gallery's originals are (deleted photos left out).
pub async fn gallery_storage(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<GalleryStorage> {
    let g = load_owned(ctx, studio, id).await?;
    let rows: Vec<(bool, i64, Option<DateTime<Utc>>)> = image::Entity::find()
        .select_only()
        .column(image::Column::OriginalLive)
        .column(image::Column::ByteSize)
        .column(image::Column::DamagedAt)
        .filter(image::Column::GalleryId.eq(g.id))
        .filter(image::Column::DeletedAt.is_null())
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut found = GalleryStorage { keep_live: g.keep_live, ..GalleryStorage::default() };
    for (live, bytes, damaged) in rows {
        let bytes = Ord::max(bytes, 0) as u64;
        if live {
            found.live_photos += 1;
            found.live_bytes += bytes;
        } else if damaged.is_some() {
            found.lost_photos += 1;
        } else {
            found.archived_photos += 1;
            found.archived_bytes += bytes;
        }
    }
    let payload = format!("%{}%", g.id);
    // A job given up for good (kept for its error) is not moving anything.
    found.moving = job::Entity::find()
        .filter(job::Column::Kind.is_in([ArchiveGallery::KIND, RestoreGallery::KIND]))
        .filter(job::Column::Payload.like(payload))
        .filter(Expr::col(job::Column::Attempts).lt(Expr::col(job::Column::MaxAttempts)))
        .count(&ctx.db)
        .await?
        > 0;
    Ok(found)
}

/// Archives the gallery's originals now; from then on age decides again.
pub async fn archive_now(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    keep_live(&txn, g.id, false).await?;
    crate::jobs::queue::enqueue(&txn, &ArchiveGallery { gallery: g.id }, now.timestamp_millis()).await?;
    txn.commit().await?;
    Ok(())
}

/// Brings the gallery's originals back to the live tier for good (age no longer archives them).
pub async fn restore_now(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    keep_live(&txn, g.id, true).await?;
    crate::jobs::queue::enqueue(&txn, &RestoreGallery { gallery: g.id }, now.timestamp_millis()).await?;
    txn.commit().await?;
    Ok(())
}

async fn keep_live<C: sea_orm::ConnectionTrait>(db: &C, gallery: uuid::Uuid, keep: bool) -> ServiceResult<()> {
    gallery::Entity::update_many()
        .col_expr(gallery::Column::KeepLive, Expr::value(keep))
        .filter(gallery::Column::Id.eq(gallery))
        .exec(db)
        .await?;
    Ok(())
}
