//! Access to preview renditions (`/media/...`): one function decides, for every request.

use crate::access::{self, Viewer};
use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use chrono::{DateTime, Utc};
use domain::gallery::ImageStatus;
use domain::ids::ImageId;
use domain::policy::Action;
use domain::rendition::RenditionSize;
use sea_orm::EntityTrait;

/// The storage key of a rendition the viewer may see. Anything the viewer may not see (another
/// studio's draft, a locked gallery's image, a deleted or unknown image) is `NotFound`, exactly
/// like a missing id.
pub async fn rendition(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    size: RenditionSize,
    now: DateTime<Utc>,
) -> ServiceResult<StorageKey> {
    let found = image::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let owner_gallery =
        gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let admitted = access::authorize(
        ctx,
        viewer,
        &owner_gallery,
        Action::ViewRendition { set: found.set_id.map(domain::ids::SetId) },
        now,
    )
    .await
    .map_err(|_| ServiceError::NotFound)?;
    // Deleted images stay visible to their owner (the undo list shows them), to no one else.
    let visible = found.deleted_at.is_none() || admitted.is_owner();
    if !visible || ImageStatus::parse(&found.status) != ImageStatus::Ready {
        return Err(ServiceError::NotFound);
    }
    Ok(StorageKey::Rendition(id, size))
}
