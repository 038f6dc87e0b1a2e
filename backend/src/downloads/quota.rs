//! The high-res quota's claims. A distinct image counts once for all main clients together: the
//! claim's primary key (gallery, image) makes a second claim of the same image a no-op, and the
//! gallery's count only moves by a conditional update (`quota_used + n <= quota`) in the same
//! transaction. On PostgreSQL that update waits for the row lock and re-reads the count; on SQLite
//! the transaction holds the single write lock from its first statement. Either way two clients
//! racing for the last image cannot both get it.

use crate::ctx::Ctx;
use crate::entities::{gallery, quota_claim};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::Admission;
use chrono::Utc;
use domain::ids::ImageId;
use domain::policy::{Actor, DownloadSize, GalleryFacts, counts_against_quota, quota_spent, zip_quota};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What a download would count against the free quota, counted only once its bytes are about to
/// go out: a HEAD, a `304 Not Modified` or a refused range sends nothing, and must not spend what
/// all main clients share (the routes call [`PendingClaim::settle`] after deciding the answer).
/// The one exception is the download menu's check (`Stage::Check`), which counts it as the
/// visitor asks, just before their browser starts the download.
#[derive(Debug, Clone)]
pub struct PendingClaim {
    gallery: Uuid,
    images: Vec<Uuid>,
    link: Option<Uuid>,
    actor: Actor,
    size: DownloadSize,
    facts: GalleryFacts,
}

impl PendingClaim {
    /// The images of a download that count against the quota: `None` when nothing would.
    pub fn of(admitted: &Admission, gallery: Uuid, images: Vec<Uuid>, size: DownloadSize) -> Option<Self> {
        (!images.is_empty() && counts_against_quota(&admitted.actor, size, &admitted.facts)).then(|| Self {
            gallery,
            images,
            link: admitted.link.as_ref().map(|l| l.id),
            actor: admitted.actor.clone(),
            size,
            facts: admitted.facts.clone(),
        })
    }

    /// Counts the images (all or none). Refused when other main clients took what was left since
    /// the download was decided, with the sentence for the count as it now is.
    pub async fn settle(&self, ctx: &Ctx) -> ServiceResult<()> {
        let quota = self.facts.downloads.high_res_quota.unwrap_or(0);
        if claim(ctx, self.gallery, &self.images, quota, self.link).await? {
            return Ok(());
        }
        if let [_] = self.images.as_slice() {
            return Err(ServiceError::Forbidden(quota_spent(quota)));
        }
        let mut facts = self.facts.clone();
        let g = gallery::Entity::find_by_id(self.gallery).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
        facts.downloads.quota_used = Ord::max(g.quota_used, 0) as u32;
        let counted = counted(ctx, self.gallery).await?;
        let uncounted = self.images.iter().filter(|i| !counted.contains(&ImageId(**i))).count() as u32;
        crate::visitor::access::into_result(zip_quota(&self.actor, self.size, uncounted, &facts))?;
        Err(ServiceError::Forbidden("The free high-res downloads have all been used.".to_owned()))
    }
}

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
    // In one order for every request: two ZIPs claiming the same photos in different orders
    // (all, and someone's selects) would otherwise each wait for a row the other holds on
    // PostgreSQL, and one would be aborted as a deadlock.
    let mut images = images.to_vec();
    images.sort_unstable();
    images.dedup();
    let txn = crate::db::begin(&ctx.db).await?;
    let mut new = 0u32;
    for image in images {
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
