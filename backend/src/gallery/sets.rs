//! Sets: named, ordered groups of images in a gallery.

use crate::ctx::Ctx;
use crate::entities::{access_link, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::{load_owned, sets_of};
use chrono::Utc;
use domain::ids::{GalleryId, SetId, StudioId};
use domain::validation;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// New rows sort after every renumbered one until the next reorder (no read-then-write needed).
pub const APPEND_POSITION: i32 = i32::MAX;

/// Adds a set at the end.
pub async fn create(ctx: &Ctx, studio: StudioId, gallery: GalleryId, name: &str) -> ServiceResult<SetId> {
    load_owned(ctx, studio, gallery).await?;
    let name = validation::set_name(name)?;
    let id = Uuid::now_v7();
    set::Entity::insert(set::ActiveModel {
        id: Set(id),
        gallery_id: Set(gallery.0),
        name: Set(name),
        position: Set(APPEND_POSITION),
        created_at: Set(Utc::now()),
        allow_downloads: Set(false),
    })
    .exec(&ctx.db)
    .await?;
    Ok(SetId(id))
}

async fn load_set(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: SetId) -> ServiceResult<set::Model> {
    load_owned(ctx, studio, gallery).await?;
    set::Entity::find_by_id(id.0)
        .filter(set::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Renames a set.
pub async fn rename(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: SetId, name: &str) -> ServiceResult<()> {
    let name = validation::set_name(name)?;
    let mut row: set::ActiveModel = load_set(ctx, studio, gallery, id).await?.into();
    row.name = Set(name);
    row.update(&ctx.db).await?;
    Ok(())
}

/// Deletes a set; its images stay in the gallery, unassigned. Links limited to it lose it from
/// their sets in the same transaction (a link left with none shows nothing, never the whole
/// gallery), so a client's Share made from such a link copies only sets that exist.
pub async fn delete(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: SetId) -> ServiceResult<()> {
    let found = load_set(ctx, studio, gallery, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    set::Entity::delete_by_id(found.id).exec(&txn).await?;
    let limited = access_link::Entity::find()
        .filter(access_link::Column::GalleryId.eq(gallery.0))
        .filter(access_link::Column::Sets.is_not_null())
        .all(&txn)
        .await?;
    for link in limited {
        let Some(json) = &link.sets else { continue };
        let sets: Vec<SetId> = serde_json::from_str(json).unwrap_or_default();
        if !sets.contains(&id) {
            continue;
        }
        let kept: Vec<SetId> = sets.into_iter().filter(|s| *s != id).collect();
        let kept = serde_json::to_string(&kept).map_err(|e| ServiceError::Internal(e.into()))?;
        access_link::Entity::update_many()
            .col_expr(access_link::Column::Sets, sea_orm::sea_query::Expr::value(Some(kept)))
            .filter(access_link::Column::Id.eq(link.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves a set one place earlier (`-1`) or later (`+1`).
pub async fn shift(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: SetId, offset: i32) -> ServiceResult<()> {
    load_set(ctx, studio, gallery, id).await?;
    let mut order: Vec<Uuid> = sets_of(ctx, gallery.0).await?.into_iter().map(|s| s.id).collect();
    if !crate::gallery::ordering::shift(&mut order, id.0, offset) {
        return Ok(());
    }
    let txn = crate::db::begin(&ctx.db).await?;
    for (index, set_id) in order.iter().enumerate() {
        set::Entity::update_many()
            .col_expr(set::Column::Position, sea_orm::sea_query::Expr::value(index as i32 + 1))
            .filter(set::Column::Id.eq(*set_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
