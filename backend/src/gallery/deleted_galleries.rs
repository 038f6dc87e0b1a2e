//! Deleting a gallery, bringing it back, and removing it for good. A deleted gallery is gone at
//! once for everyone (`domain::policy`'s gate 0: its links, its address, its previews, its
//! downloads, its delivery sets, its photographer's editor); its photographer finds it among the
//! studio's Recently deleted galleries and can bring it back whole for `KEEP_DELETED_DAYS`. Then
//! it goes for good (`purge`, from the hourly `PurgeDeleted`): its row and, with it, everything
//! recorded about it (sets, photos, links, visitors, proofing, logs, delivery sets), and its
//! files at the storage sweep's next run. A gallery where anything was ordered is never deleted:
//! its orders are the records of sales, its buyers' way to their files, and the photographer's
//! to settle them.

use crate::ctx::Ctx;
use crate::entities::restore_request::{EXPIRED, READY, WAITING};
use crate::entities::{cart_line, email_link, gallery, image, order, restore_request};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::{DateTime, Utc};
use domain::dto::DeletedGallery;
use domain::editor_photos::KEEP_DELETED_DAYS;
use domain::ids::{GalleryId, StudioId};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// How long a deleted gallery can be brought back.
fn kept() -> chrono::Duration {
    chrono::Duration::days(i64::from(KEEP_DELETED_DAYS))
}

/// Deletes a gallery of the studio, emptying its visitors' carts and closing the restores its
/// visitors wait for. Refused for a gallery where anything was ordered.
pub async fn delete(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    // The carts go first: a checkout taking its cart's lines at this moment either finished
    // before (its order is counted below) or finds them gone and places nothing (PostgreSQL
    // waits here for its lines; SQLite's write lock orders the two).
    cart_line::Entity::delete_many().filter(cart_line::Column::GalleryId.eq(g.id)).exec(&txn).await?;
    let ordered = order::Entity::find().filter(order::Column::GalleryId.eq(g.id)).count(&txn).await?;
    if ordered > 0 {
        txn.rollback().await?;
        return Err(ServiceError::Conflict(
            "Licences were ordered in this gallery, so it stays: its orders are the records of those sales and their buyers' way to their files. To close it, unpublish it or give it a last day."
                .to_owned(),
        ));
    }
    // Nothing is mailed for it from now on: a restore waiting or ready ends here.
    restore_request::Entity::update_many()
        .col_expr(restore_request::Column::Status, Expr::value(EXPIRED))
        .filter(restore_request::Column::GalleryId.eq(g.id))
        .filter(restore_request::Column::Status.is_in([WAITING, READY]))
        .exec(&txn)
        .await?;
    gallery::Entity::update_many()
        .col_expr(gallery::Column::DeletedAt, Expr::value(now))
        .col_expr(gallery::Column::UpdatedAt, Expr::value(now))
        .filter(gallery::Column::Id.eq(g.id))
        .filter(gallery::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Brings back a deleted gallery of the studio (its address and links work again; the carts and
/// restores its delete ended do not come back). Any other gallery, one already removed for good,
/// or one past its 30 days (being removed), is "not found".
pub async fn bring_back(ctx: &Ctx, studio: StudioId, id: GalleryId, now: DateTime<Utc>) -> ServiceResult<()> {
    // Past its days it is being removed (a piece at a time, `purge`): gone, not half brought back.
    let restored = gallery::Entity::update_many()
        .col_expr(gallery::Column::DeletedAt, Expr::value(None::<DateTime<Utc>>))
        .col_expr(gallery::Column::UpdatedAt, Expr::value(now))
        .filter(gallery::Column::Id.eq(id.0))
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::DeletedAt.gt(now - kept()))
        .exec(&ctx.db)
        .await?;
    if restored.rows_affected == 0 { Err(ServiceError::NotFound) } else { Ok(()) }
}

/// The studio's deleted galleries that can still be brought back, the most recently deleted
/// first.
pub async fn list(ctx: &Ctx, studio: StudioId) -> ServiceResult<Vec<DeletedGallery>> {
    let rows = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::DeletedAt.gt(chrono::Utc::now() - kept()))
        .order_by_desc(gallery::Column::DeletedAt)
        .all(&ctx.db)
        .await?;
    // Days as the studio lives them: deleted at 18:30 in Los Angeles is that day, not the next.
    let zone = crate::studio::days::zone_of(&ctx.db, studio.0).await?;
    let mut out = Vec::with_capacity(rows.len());
    for g in rows {
        let Some(deleted_at) = g.deleted_at else { continue };
        let image_count = image::Entity::find()
            .filter(image::Column::GalleryId.eq(g.id))
            .filter(image::Column::DeletedAt.is_null())
            .count(&ctx.db)
            .await?;
        out.push(DeletedGallery {
            id: GalleryId(g.id),
            title: g.title,
            deleted_on: crate::studio::days::day_in(zone, deleted_at),
            removed_on: crate::studio::days::day_in(zone, deleted_at + kept()),
            image_count,
        });
    }
    Ok(out)
}

/// Removes for good the galleries deleted more than `KEEP_DELETED_DAYS` before `now`; answers
/// how many went.
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
    // One gallery that cannot be removed now does not hold back the others; the first failure is
    // answered after them, so the job tries again.
    let (mut removed, mut failed) = (0, None);
    for id in due {
        match remove(ctx, id, cutoff).await {
            Ok(gone) => removed += usize::from(gone),
            Err(err) => {
                tracing::warn!(gallery = %id, error = %err, "a deleted gallery could not be removed yet");
                failed.get_or_insert(err);
            }
        }
    }
    failed.map_or(Ok(removed), Err)
}

/// Rows removed in one short transaction while a gallery is taken apart.
const PURGE_BATCH: u64 = 1000;

/// Removes one gallery still deleted before `cutoff` and without orders. What grows with a
/// gallery (its visitors' activity, downloads and comments, its photos with the records that
/// cascade from them) goes first, a thousand rows (and what cascades from them) a transaction,
/// so that a wedding's hundreds of thousands of
/// rows never hold SQLite's one writer (or a PostgreSQL transaction) for long; then the row, with
/// what is left, in one transaction that holds it. Each step checks again that the gallery is
/// still due, holding its row. Answers whether it went.
async fn remove(ctx: &Ctx, id: Uuid, cutoff: DateTime<Utc>) -> ServiceResult<bool> {
    use crate::entities::{activity, comment, download, outbox};
    let shed_all = shed::<activity::Entity>(ctx, id, cutoff, activity::Column::Id, activity::Column::GalleryId).await?
        // The record of mail about it: invitations, shares, sign-in links, restores (with their
        // recipients' addresses and names, and the sharers' as Reply-To).
        && shed::<outbox::Entity>(ctx, id, cutoff, outbox::Column::Id, outbox::Column::GalleryId).await?
        && shed::<download::Entity>(ctx, id, cutoff, download::Column::Id, download::Column::GalleryId).await?
        && shed::<comment::Entity>(ctx, id, cutoff, comment::Column::Id, comment::Column::GalleryId).await?
        // Its photos, with their files' records, stars, marks and delivery places, which cascade.
        && shed::<image::Entity>(ctx, id, cutoff, image::Column::Id, image::Column::GalleryId).await?;
    if !shed_all {
        return Ok(false);
    }
    let txn = crate::db::begin(&ctx.db).await?;
    if !still_due(&txn, id, cutoff).await? {
        return Ok(false);
    }
    // Sign-in links name their gallery without a foreign key; everything else recorded about it
    // goes with the row (every foreign key to it cascades).
    email_link::Entity::delete_many().filter(email_link::Column::GalleryId.eq(id)).exec(&txn).await?;
    let gone = gallery::Entity::delete_many()
        .filter(gallery::Column::Id.eq(id))
        .filter(gallery::Column::DeletedAt.lte(cutoff))
        .filter(gallery::Column::Id.not_in_subquery(orders()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(gone.rows_affected > 0)
}

fn orders() -> sea_orm::sea_query::SelectStatement {
    Query::select().column(order::Column::GalleryId).from(order::Entity).to_owned()
}

/// Whether gallery `id` is still deleted before `cutoff` and without orders, holding its row.
async fn still_due(txn: &sea_orm::DatabaseTransaction, id: Uuid, cutoff: DateTime<Utc>) -> ServiceResult<bool> {
    Ok(gallery::Entity::find_by_id(id)
        .filter(gallery::Column::DeletedAt.lte(cutoff))
        .filter(gallery::Column::Id.not_in_subquery(orders()))
        .lock_exclusive()
        .one(txn)
        .await?
        .is_some())
}

/// Removes the rows of `E` whose `gallery` column is gallery `id`, [`PURGE_BATCH`] at a time (by
/// their `key`), each batch in its own transaction that first checks the gallery is still due.
/// Answers false, having stopped, when it no longer is.
async fn shed<E: EntityTrait>(
    ctx: &Ctx,
    id: Uuid,
    cutoff: DateTime<Utc>,
    key: E::Column,
    gallery: E::Column,
) -> ServiceResult<bool> {
    loop {
        let txn = crate::db::begin(&ctx.db).await?;
        if !still_due(&txn, id, cutoff).await? {
            return Ok(false);
        }
        let batch = Query::select()
            .column(key)
            .from(E::default().table_ref())
            .and_where(gallery.eq(id))
            .limit(PURGE_BATCH)
            .to_owned();
        let gone = E::delete_many().filter(key.in_subquery(batch)).exec(&txn).await?;
        txn.commit().await?;
        if gone.rows_affected < PURGE_BATCH {
            return Ok(true);
        }
    }
}
