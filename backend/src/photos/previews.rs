//! Access to preview renditions (`/media/...`): one function decides, for every request.

use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use crate::visitor::access::{self, Viewer};
use crate::visitor::image_facts::GalleryImageFacts;
use chrono::{DateTime, Utc};
use domain::ids::ImageId;
use domain::policy::{Action, Preview, preview};
use domain::rendition::RenditionSize;
use sea_orm::EntityTrait;

/// The storage key of a rendition the viewer may see, in the version asked for: `Clean` (the
/// rendition as made) or `Watermarked` (the studio's mark burned in). Anything the viewer may not
/// see (another studio's draft, a locked gallery's image, a deleted or unknown image, a clean
/// preview where the viewer's previews carry the watermark) is `NotFound`, exactly like a missing
/// id.
pub async fn rendition(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    size: RenditionSize,
    wanted: Preview,
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
    // The quota's count and purchases matter only to HD and 4K (previews that are also downloads).
    let known = if is_download {
        GalleryImageFacts::load_one(ctx, &admitted, &found).await?
    } else {
        GalleryImageFacts::rows_only()
    };
    let image = known.of(&found);
    // Deleted images stay visible to their owner (the undo list shows them), to no one else:
    // the policy's rule. Which version of the preview, if any, is the policy's too.
    admitted.check(Action::ViewRendition { image }).map_err(|_| ServiceError::NotFound)?;
    let allowed = preview(&admitted.actor, size, image, &admitted.facts).ok_or(ServiceError::NotFound)?;
    match (wanted, allowed) {
        (Preview::Clean, Preview::Clean) => Ok(StorageKey::Rendition(id, size)),
        // Anyone who may see a preview may see it marked (the studio checks its watermark so).
        (Preview::Watermarked, _) if watermarkable(size) => Ok(StorageKey::Watermarked(id, size)),
        _ => Err(ServiceError::NotFound),
    }
}

/// The sizes made in a watermarked version: the previews that are never downloads.
pub fn watermarkable(size: RenditionSize) -> bool {
    size.is_preview_only()
}
