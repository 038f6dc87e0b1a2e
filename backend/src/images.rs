//! Images in a gallery: listing, moving between sets, ordering, soft delete and restore. Upload
//! is in `ingest`.

use crate::ctx::Ctx;
use crate::entities::{image, set};
use crate::error::{ServiceError, ServiceResult};
use crate::galleries::load_owned;
use chrono::Utc;
use domain::dto::ImageCard;
use domain::gallery::ImageStatus;
use domain::ids::{GalleryId, ImageId, SetId, StudioId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

/// The card a grid shows for an image.
pub fn card_of(i: &image::Model) -> ImageCard {
    let (width, height) = i.upright_dims();
    ImageCard {
        id: ImageId(i.id),
        file_name: i.file_name.clone(),
        width,
        height,
        status: ImageStatus::parse(&i.status),
        set_id: i.set_id.map(SetId),
    }
}

/// A gallery's live (not deleted) images in the photographer's order.
pub async fn live_images_ordered(ctx: &Ctx, gallery_id: Uuid) -> ServiceResult<Vec<image::Model>> {
    Ok(image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery_id))
        .filter(image::Column::DeletedAt.is_null())
        .order_by_asc(image::Column::Position)
        .order_by_asc(image::Column::CreatedAt)
        .all(&ctx.db)
        .await?)
}

/// Checks that every id is a live image of the gallery (anything else is "not found").
async fn check_images(ctx: &Ctx, gallery: GalleryId, ids: &[ImageId], deleted: bool) -> ServiceResult<()> {
    let wanted: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let mut query = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(wanted.clone()));
    query = if deleted {
        query.filter(image::Column::DeletedAt.is_not_null())
    } else {
        query.filter(image::Column::DeletedAt.is_null())
    };
    let found = query.all(&ctx.db).await?;
    if found.len() != {
        let mut unique = wanted;
        unique.sort();
        unique.dedup();
        unique.len()
    } {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Puts images into a set, or takes them out of any (`None`: unassigned).
pub async fn move_to_set(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId], target: Option<SetId>) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, false).await?;
    if let Some(set_id) = target {
        set::Entity::find_by_id(set_id.0)
            .filter(set::Column::GalleryId.eq(gallery.0))
            .one(&ctx.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
    }
    image::Entity::update_many()
        .col_expr(image::Column::SetId, Expr::value(target.map(|s| s.0)))
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Moves an image `offset` places in the gallery's order.
pub async fn shift(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: ImageId, offset: i32) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, &[id], false).await?;
    let mut order: Vec<Uuid> = live_images_ordered(ctx, gallery.0).await?.into_iter().map(|i| i.id).collect();
    if !crate::ordering::shift(&mut order, id.0, offset) {
        return Ok(());
    }
    let txn = ctx.db.begin().await?;
    for (index, image_id) in order.iter().enumerate() {
        image::Entity::update_many()
            .col_expr(image::Column::Position, Expr::value(index as i32 + 1))
            .filter(image::Column::Id.eq(*image_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Soft-deletes images (restorable with `restore`); originals and renditions are kept.
pub async fn delete(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, false).await?;
    image::Entity::update_many()
        .col_expr(image::Column::DeletedAt, Expr::value(Some(Utc::now())))
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Undoes a delete.
pub async fn restore(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, true).await?;
    image::Entity::update_many()
        .col_expr(image::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// One image's card, for the owner (e.g. to poll its processing state).
pub async fn card(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: ImageId) -> ServiceResult<ImageCard> {
    load_owned(ctx, studio, gallery).await?;
    let found = image::Entity::find_by_id(id.0)
        .filter(image::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(card_of(&found))
}
