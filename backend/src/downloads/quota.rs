//! The high-res quota's claims. A distinct image counts once for all main clients together: the
//! claim's primary key (gallery, image) makes a second claim of the same image a no-op, and the
//! gallery's count only moves by a conditional update (`quota_used + n <= quota`) in the same
//! transaction. On PostgreSQL that update waits for the row lock and re-reads the count; on SQLite
//! the transaction holds the single write lock from its first statement. Either way two clients
//! racing for the last image cannot both get it.

use crate::ctx::Ctx;
use crate::entities::{gallery, quota_claim};
use crate::error::ServiceResult;
use chrono::Utc;
use domain::ids::ImageId;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

/// Images of the gallery already counted (free to download again).
pub async fn counted(ctx: &Ctx, gallery: Uuid) -> ServiceResult<Vec<ImageId>> {
    Ok(quota_claim::Entity::find()
        .filter(quota_claim::Column::GalleryId.eq(gallery))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|c| ImageId(c.image_id))
        .collect())
}

/// Whether one image already counts.
pub async fn is_counted(ctx: &Ctx, gallery: Uuid, image: Uuid) -> ServiceResult<bool> {
    Ok(quota_claim::Entity::find_by_id((gallery, image)).one(&ctx.db).await?.is_some())
}

/// Counts `images` against the quota of `gallery`, all or none. `Ok(false)`: they would go over
/// (nothing was counted). Images already counted cost nothing.
pub async fn claim(ctx: &Ctx, gallery: Uuid, images: &[Uuid], quota: u32, link: Option<Uuid>) -> ServiceResult<bool> {
    let txn = ctx.db.begin().await?;
    let mut new = 0u32;
    for &image in images {
        new += quota_claim::Entity::insert(quota_claim::ActiveModel {
            gallery_id: Set(gallery),
            image_id: Set(image),
            link_id: Set(link),
            created_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([quota_claim::Column::GalleryId, quota_claim::Column::ImageId]).do_nothing().to_owned(),
        )
        .exec_without_returning(&txn)
        .await? as u32;
    }
    if new == 0 {
        txn.commit().await?;
        return Ok(true);
    }
    if new > quota {
        txn.rollback().await?;
        return Ok(false);
    }
    let counted = gallery::Entity::update_many()
        .col_expr(gallery::Column::QuotaUsed, Expr::col(gallery::Column::QuotaUsed).add(new as i32))
        .filter(gallery::Column::Id.eq(gallery))
        .filter(gallery::Column::QuotaUsed.lte((quota - new) as i32))
        .exec(&txn)
        .await?;
    if counted.rows_affected == 1 {
        txn.commit().await?;
        Ok(true)
    } else {
        txn.rollback().await?;
        Ok(false)
    }
}
