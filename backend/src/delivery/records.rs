//! A gallery's delivery sets as stored: a package of a gallery the studio owns, its sizes, its
//! images in order. Nothing here asks the policy, so every part of `delivery` may use it.

use crate::ctx::Ctx;
use crate::entities::{delivery_image, delivery_set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use domain::ids::{DeliverySetId, GalleryId, StudioId};
use domain::policy::OfferedSizes;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// A package's stored sizes; sizes that cannot be read deliver nothing (never "everything").
pub fn sizes_of(row: &delivery_set::Model) -> OfferedSizes {
    serde_json::from_str(&row.sizes).unwrap_or(OfferedSizes {
        original: false,
        four_k: false,
        hd: false,
        custom_web: None,
        custom_box: None,
    })
}

/// A package of a gallery the studio owns (a deleted one is "not found").
pub async fn load_package(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: DeliverySetId,
) -> ServiceResult<delivery_set::Model> {
    load_owned(ctx, studio, gallery).await?;
    delivery_set::Entity::find_by_id(id.0)
        .filter(delivery_set::Column::GalleryId.eq(gallery.0))
        .filter(delivery_set::Column::DeletedAt.is_null())
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Whether `image` is in the package.
pub async fn holds(ctx: &Ctx, id: Uuid, image: Uuid) -> ServiceResult<bool> {
    Ok(delivery_image::Entity::find_by_id((id, image)).one(&ctx.db).await?.is_some())
}

/// The ids of a package's images, in its order (deleted photos too: the caller asks the policy).
pub async fn image_ids(ctx: &Ctx, id: Uuid) -> ServiceResult<Vec<Uuid>> {
    Ok(delivery_image::Entity::find()
        .filter(delivery_image::Column::DeliverySetId.eq(id))
        .order_by_asc(delivery_image::Column::Position)
        .order_by_asc(delivery_image::Column::ImageId)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|row| row.image_id)
        .collect())
}
