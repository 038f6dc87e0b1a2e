//! Access to preview renditions (`/media/...`): one function decides, for every request.

use crate::access::{self, Viewer};
use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use chrono::{DateTime, Utc};
use domain::gallery::ImageStatus;
use domain::ids::ImageId;
use domain::ids::SetId;
use domain::policy::{Action, ImageFacts, four_k_preview};
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
    // The 4K rendition is also the 4K download, so only it needs the download facts.
    let admitted = if size == RenditionSize::FourK {
        access::admission(ctx, viewer, &owner_gallery, now).await?
    } else {
        access::admission_to_view(ctx, viewer, &owner_gallery, now).await?
    };
    admitted.check(Action::ViewRendition { set: found.set_id.map(SetId) }).map_err(|_| ServiceError::NotFound)?;
    // Deleted images stay visible to their owner (the undo list shows them), to no one else.
    let visible = found.deleted_at.is_none() || admitted.is_owner();
    if !visible || ImageStatus::parse(&found.status) != ImageStatus::Ready {
        return Err(ServiceError::NotFound);
    }
    // The 4K rendition is also the 4K download: as a preview only when that download would be
    // allowed and free right now.
    if size == RenditionSize::FourK {
        let counted = crate::downloads::quota::is_counted(ctx, found.gallery_id, found.id).await?;
        let image = ImageFacts { set: found.set_id.map(SetId), archived: false, already_counted: counted };
        if !four_k_preview(&admitted.actor, image, &admitted.facts) {
            return Err(ServiceError::NotFound);
        }
    }
    Ok(StorageKey::Rendition(id, size))
}
