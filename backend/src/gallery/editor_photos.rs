//! The editor's Photos tab a page at a time (`domain::editor_photos`): one grouped count for the
//! sets, one `LIMIT`/`OFFSET` read for the page and a bounded list of recently deleted photos, so
//! the tab costs the same for a 30-photo portrait session and a 10,000-photo wedding.

use super::client_pages::in_order;
use super::records::{load_owned, sets_of};
use crate::ctx::Ctx;
use crate::entities::{delivery_set, image};
use crate::error::ServiceResult;
use crate::gallery::images::card_of;
use domain::dto::{EditorImage, SetView};
use domain::editor_photos::{DELETED_SHOWN, DeliveryName, EDITOR_PAGE_SIZE, EditorPhotos, PhotoFilter, SetCount};
use domain::gallery_page::SetKey;
use domain::ids::{DeliverySetId, GalleryId, ImageId, SetId, StudioId};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// Page `index` (0-based, clamped to the last page) of the gallery's live photos that `filter`
/// matches, in the gallery's order.
pub async fn page(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    filter: PhotoFilter,
    index: u32,
) -> ServiceResult<EditorPhotos> {
    let g = load_owned(ctx, studio, gallery).await?;
    let sets = sets_of(ctx, g.id).await?;
    let counts = counts(ctx, gallery.0).await?;
    let total = match filter {
        PhotoFilter::All => counts.iter().map(|c| c.count).sum(),
        PhotoFilter::Only(key) => counts.iter().find(|c| c.key == key).map_or(0, |c| c.count),
    };
    let index = index.min(total.saturating_sub(1) / EDITOR_PAGE_SIZE);
    let mut query = live(gallery.0);
    if let PhotoFilter::Only(key) = filter {
        query = match key {
            SetKey::Set(set) => query.filter(image::Column::SetId.eq(set.0)),
            SetKey::Unassigned => query.filter(image::Column::SetId.is_null()),
        };
    }
    let images = in_order(query)
        .offset(u64::from(index * EDITOR_PAGE_SIZE))
        .limit(u64::from(EDITOR_PAGE_SIZE))
        .all(&ctx.db)
        .await?;
    let deleted_rows = || {
        image::Entity::find()
            .filter(image::Column::GalleryId.eq(gallery.0))
            .filter(image::Column::DeletedAt.is_not_null())
    };
    let deleted_total = deleted_rows().count(&ctx.db).await? as u32;
    let deleted = deleted_rows()
        .order_by_desc(image::Column::DeletedAt)
        .order_by_asc(image::Column::Id)
        .limit(u64::from(DELETED_SHOWN))
        .all(&ctx.db)
        .await?;
    Ok(EditorPhotos {
        gallery,
        filter,
        index,
        total,
        sets: sets.into_iter().map(|s| SetView { id: SetId(s.id), name: s.name }).collect(),
        cover: g.cover_image_id.map(ImageId),
        counts,
        images: images.iter().map(editor_image).collect(),
        deleted: deleted.iter().map(editor_image).collect(),
        deleted_total,
        deliveries: delivery_set::Entity::find()
            .filter(delivery_set::Column::GalleryId.eq(gallery.0))
            .filter(delivery_set::Column::DeletedAt.is_null())
            .order_by_asc(delivery_set::Column::CreatedAt)
            .order_by_asc(delivery_set::Column::Id)
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|d| DeliveryName { id: DeliverySetId(d.id), name: d.name })
            .collect(),
    })
}

fn live(gallery: Uuid) -> sea_orm::Select<image::Entity> {
    image::Entity::find().filter(image::Column::GalleryId.eq(gallery)).filter(image::Column::DeletedAt.is_null())
}

/// Live photos per set and in no set, with one grouped query.
async fn counts(ctx: &Ctx, gallery: Uuid) -> ServiceResult<Vec<SetCount>> {
    let rows: Vec<(Option<Uuid>, i64)> = live(gallery)
        .select_only()
        .column(image::Column::SetId)
        .column_as(image::Column::Id.count(), "count")
        .group_by(image::Column::SetId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(set, count)| SetCount { key: SetKey::of(set.map(SetId)), count: count.max(0) as u32 })
        .collect())
}

fn editor_image(i: &image::Model) -> EditorImage {
    EditorImage {
        card: card_of(i),
        byte_size: i.byte_size.max(0) as u64,
        captured_at: i.captured_at,
        camera: i.camera.clone(),
        failure: i.failure.clone(),
        deleted_at: i.deleted_at,
    }
}
