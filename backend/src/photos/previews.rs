//! Access to preview renditions (`/media/...`): one function decides, for every request.

use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use crate::visitor::access::{self, Viewer};
use crate::visitor::image_facts::GalleryImageFacts;
use chrono::{DateTime, Utc};
use domain::ids::ImageId;
use domain::policy::{Action, may_preview};
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
    // HD and 4K are also downloads, so only they need the download facts.
    let is_download = matches!(size, RenditionSize::FourK | RenditionSize::Hd);
    let admitted = if is_download {
        access::admission(ctx, viewer, &owner_gallery, now).await?
    } else {
        access::admission_to_view(ctx, viewer, &owner_gallery, now).await?
    };
    // The quota's count matters only to HD and 4K (previews that are also downloads).
    let known =
        if is_download { GalleryImageFacts::load_one(ctx, &found).await? } else { GalleryImageFacts::default() };
    let image = known.of(&found);
    // Deleted images stay visible to their owner (the undo list shows them), to no one else:
    // the policy's rule. HD and 4K are the HD and 4K downloads byte for byte: previews only when
    // that download would be allowed and free right now (`policy::may_preview`).
    admitted.check(Action::ViewRendition { image }).map_err(|_| ServiceError::NotFound)?;
    if !may_preview(&admitted.actor, size, image, &admitted.facts) {
        return Err(ServiceError::NotFound);
    }
    Ok(StorageKey::Rendition(id, size))
}
