//! Deleting a gallery, bringing it back, and removing it for good. A deleted gallery is gone at
//! once for everyone but the buyers of its orders (`domain::policy`'s gate 0: its links, its
//! address, its previews, its downloads, its delivery sets); its photographer finds it among the
//! studio's Recently deleted galleries and can bring it back whole for `KEEP_DELETED_DAYS`. Then
//! it goes for good (`purge`, from the hourly `PurgeDeleted`): its row and, with it, everything
//! recorded about it (sets, photos, links, visitors, proofing, logs, delivery sets), and its
//! files at the storage sweep's next run. A gallery where licences were ordered keeps its row and
//! the photos the orders name (all of them for a whole-gallery licence), so buyers keep their
//! files; the rest of its photos go.

use crate::ctx::Ctx;
use crate::entities::{cart_line, gallery, image, order, order_line};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::{DateTime, Utc};
use domain::dto::DeletedGallery;
use domain::editor_photos::KEEP_DELETED_DAYS;
use domain::ids::{GalleryId, StudioId};
use domain::store::OrderStatus;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// How long a deleted gallery can be brought back.
fn kept() -> chrono::Duration {
    chrono::Duration::days(i64::from(KEEP_DELETED_DAYS))
}

/// Deletes a gallery of the studio. Refused while an order in it waits for payment: only its
/// Store tab can mark that paid or cancel it.
pub async fn delete(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, id).await?;
    let awaiting = order::Entity::find()
        .filter(order::Column::GalleryId.eq(g.id))
        .filter(order::Column::Status.eq(OrderStatus::AwaitingPayment.as_str()))
        .count(&ctx.db)
        .await?;
    if awaiting > 0 {
        return Err(ServiceError::Conflict(
            "This gallery has orders waiting for payment. Mark them paid or cancel them in its Store tab, then delete it."
                .to_owned(),
        ));
    }
    gallery::Entity::update_many()
        .col_expr(gallery::Column::DeletedAt, Expr::value(now))
        .col_expr(gallery::Column::UpdatedAt, Expr::value(now))
        .filter(gallery::Column::Id.eq(g.id))
        .filter(gallery::Column::DeletedAt.is_null())
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Brings back a deleted gallery of the studio as it was (its links work again). Any other
/// gallery, or one already removed for good, is "not found".
pub async fn bring_back(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    let restored = gallery::Entity::update_many()
        .col_expr(gallery::Column::DeletedAt, Expr::value(None::<DateTime<Utc>>))
        .col_expr(gallery::Column::UpdatedAt, Expr::value(now))
        .filter(gallery::Column::Id.eq(id.0))
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::DeletedAt.is_not_null())
        .exec(&ctx.db)
        .await?;
    if restored.rows_affected == 0 { Err(ServiceError::NotFound) } else { Ok(()) }
}

/// The studio's deleted galleries, the most recently deleted first.
pub async fn list(ctx: &Ctx, studio: StudioId) -> ServiceResult<Vec<DeletedGallery>> {
    let rows = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::DeletedAt.is_not_null())
        .order_by_desc(gallery::Column::DeletedAt)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for g in rows {
        let Some(deleted_at) = g.deleted_at else { continue };
        let image_count = image::Entity::find()
            .filter(image::Column::GalleryId.eq(g.id))
            .filter(image::Column::DeletedAt.is_null())
            .count(&ctx.db)
            .await?;
        let has_orders = order::Entity::find().filter(order::Column::GalleryId.eq(g.id)).count(&ctx.db).await? > 0;
        out.push(DeletedGallery {
            id: GalleryId(g.id),
            title: g.title,
            deleted_on: deleted_at.date_naive(),
            removed_on: (deleted_at + kept()).date_naive(),
            image_count,
            has_orders,
        });
    }
    Ok(out)
}

/// Removes for good the galleries deleted more than `KEEP_DELETED_DAYS` before `now` (of those
/// with orders, the photos no order names); answers how many galleries went.
pub async fn purge(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<usize> {
    let cutoff = now - kept();
    let due: Vec<Uuid> = gallery::Entity::find()
        .select_only()
        .column(gallery::Column::Id)
        .filter(gallery::Column::DeletedAt.lte(cutoff))
        .order_by_asc(gallery::Column::Id)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut removed = 0;
    for id in due {
        if remove(ctx, id, cutoff).await? {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes one gallery still deleted before `cutoff`, in one transaction that holds its row (a
/// gallery brought back meanwhile stays whole): all of it when nothing was ever ordered in it,
/// otherwise its cart lines and the photos its orders do not name. Answers whether the row went.
async fn remove(ctx: &Ctx, id: Uuid, cutoff: DateTime<Utc>) -> ServiceResult<bool> {
    let txn = crate::db::begin(&ctx.db).await?;
    let still = gallery::Entity::find_by_id(id)
        .filter(gallery::Column::DeletedAt.lte(cutoff))
        .lock_exclusive()
        .one(&txn)
        .await?;
    if still.is_none() {
        return Ok(false);
    }
    let orders = || {
        Query::select()
            .column(order::Column::Id)
            .from(order::Entity)
            .and_where(order::Column::GalleryId.eq(id))
            .to_owned()
    };
    let ordered = order::Entity::find().filter(order::Column::GalleryId.eq(id)).count(&txn).await? > 0;
    if !ordered {
        // Everything recorded about it goes with the row (every foreign key to it cascades).
        gallery::Entity::delete_many()
            .filter(gallery::Column::Id.eq(id))
            .filter(gallery::Column::DeletedAt.lte(cutoff))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        return Ok(true);
    }
    cart_line::Entity::delete_many().filter(cart_line::Column::GalleryId.eq(id)).exec(&txn).await?;
    // A whole-gallery licence (a line naming no photo) covers every photo: all stay.
    let whole_gallery = order_line::Entity::find()
        .filter(order_line::Column::OrderId.in_subquery(orders()))
        .filter(order_line::Column::ImageId.is_null())
        .count(&txn)
        .await?
        > 0;
    if !whole_gallery {
        let named = Query::select()
            .column(order_line::Column::ImageId)
            .from(order_line::Entity)
            .and_where(order_line::Column::OrderId.in_subquery(orders()))
            .and_where(order_line::Column::ImageId.is_not_null())
            .to_owned();
        gallery::Entity::update_many()
            .col_expr(gallery::Column::CoverImageId, Expr::value(None::<Uuid>))
            .filter(gallery::Column::Id.eq(id))
            .filter(gallery::Column::CoverImageId.not_in_subquery(named.clone()))
            .exec(&txn)
            .await?;
        image::Entity::delete_many()
            .filter(image::Column::GalleryId.eq(id))
            .filter(image::Column::Id.not_in_subquery(named))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(false)
}
