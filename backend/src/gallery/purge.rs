//! Recently deleted keeps a photo for `KEEP_DELETED`; then it goes for good (`PurgeDeleted`,
//! periodic, hourly): its row, and with it its comments, favourites, annotations and cart lines,
//! and — at the storage sweep's next run, which removes the files of rows that do not exist — its
//! original, renditions, watermarked previews and download sizes, in the live tier and the
//! archive. A photo someone still holds a claim on stays in Recently deleted however long ago it
//! was deleted: one named by an order (whatever its state: its page lists it), by a delivery set,
//! by a restore still waiting or ready, or by a visitor's comment the photographer has not read.

use crate::ctx::Ctx;
use crate::entities::restore_request::{READY, WAITING};
use crate::entities::{
    cart_line, comment, delivery_image, delivery_set, gallery, image, order, order_image, order_line, restore_request,
};
use crate::error::ServiceResult;
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Utc};
use domain::editor_photos::KEEP_DELETED_DAYS;
use domain::store::OrderStatus;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::time::Duration;
use uuid::Uuid;

/// Photos looked at per statement.
const BATCH: u64 = 200;

const EVERY: Duration = Duration::from_secs(3600);

/// Removes for good the photos, and the galleries (`deleted_galleries::purge`), deleted more than
/// `KEEP_DELETED_DAYS` ago. Periodic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeDeleted;

impl JobKind for PurgeDeleted {
    const KIND: &'static str = "purge_deleted";
    // A failed run waits its back-off and tries again; it is never given up.
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        let now = Utc::now();
        // Each runs whatever became of the other; a failure is retried after the back-off.
        let galleries = crate::gallery::deleted_galleries::purge(ctx, now).await;
        let photos = purge_deleted(ctx, now).await;
        if let Ok(galleries @ 1..) = galleries {
            tracing::info!(galleries, "removed {galleries} galleries deleted more than {KEEP_DELETED_DAYS} days ago");
        }
        if let Ok(removed @ 1..) = photos {
            tracing::info!(removed, "removed {removed} photos deleted more than {KEEP_DELETED_DAYS} days ago");
        }
        galleries.and(photos).map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(EVERY))
    }
}

crate::register_job!(PurgeDeleted);

/// Removes every photo deleted more than `KEEP_DELETED_DAYS` before `now` that nobody holds a
/// claim on; answers how many.
pub async fn purge_deleted(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<usize> {
    let cutoff = now - chrono::Duration::days(i64::from(KEEP_DELETED_DAYS));
    let mut removed = 0;
    let mut after = Uuid::nil();
    loop {
        let batch: Vec<(Uuid, Uuid)> = image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .column(image::Column::GalleryId)
            .filter(image::Column::DeletedAt.lte(cutoff))
            .filter(image::Column::Id.gt(after))
            .order_by_asc(image::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let Some(&(last, _)) = batch.last() else { return Ok(removed) };
        after = last;
        let restoring = awaited_by_restores(ctx, batch.iter().map(|(_, g)| *g).collect()).await?;
        let ids: Vec<Uuid> = batch.iter().map(|(id, _)| *id).filter(|id| !restoring.contains(id)).collect();
        if !ids.is_empty() {
            removed += remove(ctx, &ids, cutoff).await?;
        }
    }
}

/// The photos of `galleries` that a restore still waiting, or ready to download, names.
async fn awaited_by_restores(ctx: &Ctx, galleries: HashSet<Uuid>) -> ServiceResult<HashSet<Uuid>> {
    let open = restore_request::Entity::find()
        .select_only()
        .column(restore_request::Column::Images)
        .filter(restore_request::Column::GalleryId.is_in(galleries))
        .filter(restore_request::Column::Status.is_in([WAITING, READY]))
        .into_tuple::<String>()
        .all(&ctx.db)
        .await?;
    // A list that cannot be read keeps nothing from going: the request's own download then says
    // what is missing, as for a photo damaged since.
    Ok(open.iter().filter_map(|images| serde_json::from_str::<Vec<Uuid>>(images).ok()).flatten().collect())
}

/// Deletes the rows of `ids` still deleted before `cutoff` and named by no order line, no paid or
/// unpaid order's whole-gallery licence (its `order_images`), no delivery set not deleted and no unread comment
/// from a visitor, in one transaction with
/// their cart lines and any cover they were. The rows are locked as they are chosen (PostgreSQL; SQLite's transaction holds the write
/// lock), so a photo brought back meanwhile stays, and the delete repeats the conditions.
async fn remove(ctx: &Ctx, ids: &[Uuid], cutoff: DateTime<Utc>) -> ServiceResult<usize> {
    let unclaimed = || {
        let ordered = Query::select()
            .column(order_line::Column::ImageId)
            .from(order_line::Entity)
            .and_where(order_line::Column::ImageId.is_in(ids.to_vec()))
            .to_owned();
        // Covered by a whole-gallery licence paid or awaiting its payment (an invoice on 30-day
        // terms, marked paid later): bought, it stays the buyer's. (One cancelled or refunded
        // holds nothing back.)
        let paid = Query::select()
            .column(order::Column::Id)
            .from(order::Entity)
            .and_where(order::Column::Status.is_in(OrderStatus::holding()))
            .to_owned();
        let licensed = Query::select()
            .column(order_image::Column::ImageId)
            .from(order_image::Entity)
            .and_where(order_image::Column::ImageId.is_in(ids.to_vec()))
            .and_where(order_image::Column::OrderId.in_subquery(paid))
            .to_owned();
        // In a package still there (a deleted one cannot come back).
        let packages = Query::select()
            .column(delivery_set::Column::Id)
            .from(delivery_set::Entity)
            .and_where(delivery_set::Column::DeletedAt.is_null())
            .to_owned();
        let delivered = Query::select()
            .column(delivery_image::Column::ImageId)
            .from(delivery_image::Entity)
            .and_where(delivery_image::Column::ImageId.is_in(ids.to_vec()))
            .and_where(delivery_image::Column::DeliverySetId.in_subquery(packages))
            .to_owned();
        // A client's comment the photographer has not read yet is still in their inbox.
        let unread = Query::select()
            .column(comment::Column::ImageId)
            .from(comment::Entity)
            .and_where(comment::Column::ImageId.is_in(ids.to_vec()))
            .and_where(comment::Column::FromStudio.eq(false))
            .and_where(comment::Column::ReadAt.is_null())
            .to_owned();
        Condition::all()
            .add(image::Column::Id.is_in(ids.to_vec()))
            .add(image::Column::DeletedAt.lte(cutoff))
            .add(image::Column::Id.not_in_subquery(ordered))
            .add(image::Column::Id.not_in_subquery(licensed))
            .add(image::Column::Id.not_in_subquery(delivered))
            .add(image::Column::Id.not_in_subquery(unread))
    };
    let txn = crate::db::begin(&ctx.db).await?;
    let gone: Vec<Uuid> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(unclaimed())
        .lock_exclusive()
        .into_tuple()
        .all(&txn)
        .await?;
    if gone.is_empty() {
        return Ok(0);
    }
    cart_line::Entity::delete_many().filter(cart_line::Column::ImageId.is_in(gone.clone())).exec(&txn).await?;
    gallery::Entity::update_many()
        .col_expr(gallery::Column::CoverImageId, Expr::value(None::<Uuid>))
        .filter(gallery::Column::CoverImageId.is_in(gone.clone()))
        .exec(&txn)
        .await?;
    // Comments, favourites, annotations and the download sizes' records go with the row (their
    // foreign keys cascade); the download log and the quota keep their lines.
    let deleted =
        image::Entity::delete_many().filter(image::Column::Id.is_in(gone)).filter(unclaimed()).exec(&txn).await?;
    txn.commit().await?;
    Ok(deleted.rows_affected as usize)
}
