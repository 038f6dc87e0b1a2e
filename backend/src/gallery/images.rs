//! Images in a gallery: listing, moving between sets, ordering, soft delete and restore. Upload
//! is in `ingest`.

use crate::ctx::Ctx;
use crate::entities::{gallery, image, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::Utc;
use domain::card::ImageCard;
use domain::gallery::ImageStatus;
use domain::ids::{GalleryId, ImageId, SetId, StudioId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashSet;
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
        watermark: None,
    }
}

/// A gallery's live (not deleted) images in the photographer's order.
pub async fn live_images_ordered(ctx: &Ctx, gallery_id: Uuid) -> ServiceResult<Vec<image::Model>> {
    Ok(image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery_id))
        .filter(image::Column::DeletedAt.is_null())
        .order_by_asc(image::Column::Position)
        .order_by_asc(image::Column::CreatedAt)
        .order_by_asc(image::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// A gallery's ready images in the order visitors see them: set by set in the order of `sets`,
/// then the unassigned ones. Images of sets not in `sets` are left out.
pub async fn ready_in_display_order(
    ctx: &Ctx,
    gallery_id: Uuid,
    sets: &[set::Model],
) -> ServiceResult<Vec<image::Model>> {
    let ready: Vec<image::Model> = live_images_ordered(ctx, gallery_id)
        .await?
        .into_iter()
        .filter(|i| ImageStatus::parse(&i.status) == ImageStatus::Ready)
        .collect();
    let mut ordered = Vec::with_capacity(ready.len());
    for s in sets {
        ordered.extend(ready.iter().filter(|i| i.set_id == Some(s.id)).cloned());
    }
    ordered.extend(ready.into_iter().filter(|i| i.set_id.is_none()));
    Ok(ordered)
}

/// The most photos one request may name (ticked across every page of a 10,000-photo gallery).
pub const MAX_TICKED: usize = 10_000;

pub(super) fn too_many_ticked() -> ServiceError {
    ServiceError::Unprocessable(format!("Tick at most {MAX_TICKED} photos at a time, then do the same with the rest."))
}

/// Why photos named in a request were not found (`deleted`: ones that should be in Recently
/// deleted). The gallery is the studio's own, so it names the likely cause — a photo deleted or
/// brought back in another window since this one was drawn — and says nothing of other
/// galleries.
pub(super) fn gone_sentence(deleted: bool) -> &'static str {
    match deleted {
        false => {
            "Some of these photos were deleted or are no longer in this gallery (perhaps in another window). \
             Reload the page and tick them again."
        }
        true => {
            "Some of these photos are no longer in Recently deleted (perhaps brought back in another window). Reload the page."
        }
    }
}

/// Checks that every id is a live image of the gallery (`deleted`: one in Recently deleted).
async fn check_images(ctx: &Ctx, gallery: GalleryId, ids: &[ImageId], deleted: bool) -> ServiceResult<()> {
    if ids.len() > MAX_TICKED {
        return Err(too_many_ticked());
    }
    let wanted: HashSet<Uuid> = ids.iter().map(|i| i.0).collect();
    let mut query = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(wanted.iter().copied()));
    query = if deleted {
        query.filter(image::Column::DeletedAt.is_not_null())
    } else {
        query.filter(image::Column::DeletedAt.is_null())
    };
    let found = query.into_tuple::<Uuid>().all(&ctx.db).await?;
    if found.len() != wanted.len() {
        return Err(ServiceError::Conflict(gone_sentence(deleted).to_owned()));
    }
    Ok(())
}

/// Checks that `set` is one of the gallery's sets.
pub(super) async fn check_set(ctx: &Ctx, gallery: GalleryId, set: SetId) -> ServiceResult<()> {
    set::Entity::find_by_id(set.0)
        .filter(set::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(())
}

/// Puts images into a set, or takes them out of any (`None`: unassigned).
pub async fn move_to_set(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    ids: &[ImageId],
    target: Option<SetId>,
) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, false).await?;
    if let Some(set) = target {
        check_set(ctx, gallery, set).await?;
    }
    image::Entity::update_many()
        .col_expr(image::Column::SetId, Expr::value(target.map(|s| s.0)))
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .exec(&ctx.db)
        .await?;
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

/// Undoes a delete. In a gallery whose previews carry the watermark, the photos back are burned
/// (again): burns skip deleted photos, so one deleted when the mark came or changed has none, or
/// the old one, and visitors see only marked photos.
pub async fn restore(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, true).await?;
    bring_back(ctx, &g, Some(ids)).await
}

/// Undoes every delete of the gallery (a big delete by mistake: Recently deleted lists only the
/// newest photos), all or nothing.
pub async fn restore_all(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, gallery).await?;
    bring_back(ctx, &g, None).await
}

/// Brings back the deleted photos `ids` (`None`: every one) in one transaction.
async fn bring_back(ctx: &Ctx, g: &gallery::Model, ids: Option<&[ImageId]>) -> ServiceResult<()> {
    let txn = crate::db::begin(&ctx.db).await?;
    let mut deleted = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(g.id))
        .filter(image::Column::DeletedAt.is_not_null());
    if let Some(ids) = ids {
        deleted = deleted.filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)));
    }
    let back: Vec<Uuid> = deleted.into_tuple::<Uuid>().all(&txn).await?;
    // In batches: a database takes only so many parameters in one statement.
    for batch in back.chunks(1_000) {
        image::Entity::update_many()
            .col_expr(image::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
            .filter(image::Column::GalleryId.eq(g.id))
            .filter(image::Column::Id.is_in(batch.iter().copied()))
            .exec(&txn)
            .await?;
    }
    // Whether it watermarks as the gallery stands now, its row held (a settings save takes turns
    // on it): a switch saved since `g` was read queued burns that passed these photos by.
    let this_gallery = sea_orm::Condition::all().add(gallery::Column::Id.eq(g.id));
    crate::db::hold_rows::<gallery::Entity>(&txn, gallery::Column::Id, this_gallery).await?;
    let now_g = gallery::Entity::find_by_id(g.id).one(&txn).await?;
    if now_g.as_ref().is_some_and(crate::store::watermark::gallery_watermarks) {
        let now_ms = Utc::now().timestamp_millis();
        for id in back {
            let burn = crate::store::watermark::WatermarkImage { image_id: id };
            crate::jobs::queue::enqueue(&txn, &burn, now_ms).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The processing state of the given images (the ones an editor page is waiting for), for the
/// editor to poll cheaply while renditions are being made; images not in the gallery are left out.
pub async fn statuses(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    ids: &[ImageId],
) -> ServiceResult<Vec<(ImageId, ImageStatus)>> {
    load_owned(ctx, studio, gallery).await?;
    let rows: Vec<(Uuid, String)> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .column(image::Column::Status)
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_null())
        .filter(image::Column::Id.is_in(ids.iter().take(MAX_POLLED).map(|i| i.0)))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(rows.into_iter().map(|(id, status)| (ImageId(id), ImageStatus::parse(&status))).collect())
}

/// At most this many images are polled at once (an editor page holds fewer).
pub const MAX_POLLED: usize = 500;
