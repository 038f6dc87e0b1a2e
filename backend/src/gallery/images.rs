//! Images in a gallery: listing, moving between sets, ordering, soft delete and restore. Upload
//! is in `ingest`.

use crate::ctx::Ctx;
use crate::entities::{image, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::Utc;
use domain::card::ImageCard;
use domain::editor_photos::PhotoFilter;
use domain::gallery::ImageStatus;
use domain::gallery_page::SetKey;
use domain::ids::{GalleryId, ImageId, SetId, StudioId};
use domain::photo_order::{PhotoSort, SortKey};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
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
        watermarked: false,
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

/// Checks that every id is a live image of the gallery (`deleted`: one in Recently deleted). The
/// gallery is the studio's own, so the answer names the likely cause — a photo deleted or brought
/// back in another window since this one was drawn — and says nothing of other galleries.
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
        return Err(ServiceError::Conflict(
            match deleted {
                false => {
                    "Some of these photos were deleted or are no longer in this gallery (perhaps in another \
                          window). Reload the page and tick them again."
                }
                true => {
                    "Some of these photos are no longer in Recently deleted (perhaps brought back in another \
                         window). Reload the page."
                }
            }
            .to_owned(),
        ));
    }
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
    let live = live_images_ordered(ctx, gallery.0).await?;
    let set_of = |image: Uuid| live.iter().find(|i| i.id == image).and_then(|i| i.set_id);
    let own_set = set_of(id.0);
    // Visitors see images set by set, so "earlier" means earlier among the image's own set; the
    // other images keep their places in the gallery-wide order.
    let mut within: Vec<Uuid> = live.iter().filter(|i| i.set_id == own_set).map(|i| i.id).collect();
    if !crate::gallery::ordering::shift(&mut within, id.0, offset) {
        return Ok(());
    }
    let mut next_in_set = within.into_iter();
    let order: Vec<Uuid> =
        live.iter().map(|i| if i.set_id == own_set { next_in_set.next().unwrap_or(i.id) } else { i.id }).collect();
    write_order(ctx, &live, &order).await
}

/// Puts `ids` in this order, in the places they hold among the gallery's photos (the others
/// keep theirs): a batch of uploads that finished in any order lands in file order; photos
/// dropped among others on a page take their new places.
pub async fn arrange(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, false).await?;
    let live = live_images_ordered(ctx, gallery.0).await?;
    let wanted: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let mut next = wanted.iter().copied();
    let order: Vec<Uuid> =
        live.iter().map(|i| if wanted.contains(&i.id) { next.next().unwrap_or(i.id) } else { i.id }).collect();
    write_order(ctx, &live, &order).await
}

/// Puts `ids` at place `position` (1-based) of the editor's view `filter` (all photos, one set,
/// or the unassigned ones), from whichever pages they were ticked on: `domain::photo_order::place`.
pub async fn place(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    ids: &[ImageId],
    filter: PhotoFilter,
    position: u32,
) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, false).await?;
    let live = live_images_ordered(ctx, gallery.0).await?;
    let sets: std::collections::HashMap<Uuid, Option<Uuid>> = live.iter().map(|i| (i.id, i.set_id)).collect();
    let in_view = |id: Uuid| match filter {
        PhotoFilter::All => true,
        PhotoFilter::Only(SetKey::Set(set)) => sets.get(&id).copied().flatten() == Some(set.0),
        PhotoFilter::Only(SetKey::Unassigned) => sets.get(&id).is_some_and(Option::is_none),
    };
    let current: Vec<Uuid> = live.iter().map(|i| i.id).collect();
    let moving: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let order = domain::photo_order::place(&current, in_view, &moving, position as usize);
    write_order(ctx, &live, &order).await
}

/// Orders the whole gallery by `by` (visitors still see it set by set, so each set is sorted).
pub async fn sort(ctx: &Ctx, studio: StudioId, gallery: GalleryId, by: PhotoSort) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let live = live_images_ordered(ctx, gallery.0).await?;
    fn key(i: &image::Model) -> SortKey<'_> {
        SortKey { file_name: i.file_name.as_str(), captured_at: i.captured_at, uploaded_at: i.created_at }
    }
    let mut sorted: Vec<&image::Model> = live.iter().collect();
    sorted.sort_by(|a, b| by.compare(&key(a), &key(b)));
    let order: Vec<Uuid> = sorted.into_iter().map(|i| i.id).collect();
    write_order(ctx, &live, &order).await
}

/// Numbers the gallery's photos 1, 2, 3… in `order`. Only the rows whose place changed are
/// written: a step in a 10,000-photo wedding touches two rows once positions are numbered (the
/// first change numbers them).
async fn write_order(ctx: &Ctx, live: &[image::Model], order: &[Uuid]) -> ServiceResult<()> {
    let current: std::collections::HashMap<Uuid, i32> = live.iter().map(|i| (i.id, i.position)).collect();
    let txn = ctx.db.begin().await?;
    for (index, image_id) in order.iter().enumerate() {
        let position = index as i32 + 1;
        if current.get(image_id) == Some(&position) {
            continue;
        }
        image::Entity::update_many()
            .col_expr(image::Column::Position, Expr::value(position))
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

/// Undoes a delete. In a gallery whose previews carry the watermark, the photos back are burned
/// (again): burns skip deleted photos, so one deleted when the mark came or changed has none, or
/// the old one, and visitors see only marked photos.
pub async fn restore(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, gallery).await?;
    check_images(ctx, gallery, ids, true).await?;
    let txn = ctx.db.begin().await?;
    image::Entity::update_many()
        .col_expr(image::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .exec(&txn)
        .await?;
    if crate::store::watermark::gallery_watermarks(&g) {
        let now_ms = Utc::now().timestamp_millis();
        for id in ids {
            let burn = crate::store::watermark::WatermarkImage { image_id: id.0 };
            crate::jobs::queue::enqueue(&txn, &burn, now_ms).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Undoes every delete of the gallery (a big delete by mistake: Recently deleted lists only the
/// newest photos).
pub async fn restore_all(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let deleted: Vec<ImageId> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_not_null())
        .into_tuple::<Uuid>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(ImageId)
        .collect();
    // In batches: a database takes only so many parameters in one query.
    for batch in deleted.chunks(1_000) {
        restore(ctx, studio, gallery, batch).await?;
    }
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
