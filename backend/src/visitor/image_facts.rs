//! The facts the policy decides each image on (`domain::policy::ImageFacts`), built here and
//! nowhere else: for a page, a list or a ZIP in one go (one query for the gallery, never one per
//! image), or for the one image a request is about.

use crate::ctx::Ctx;
use crate::entities::image;
use crate::error::ServiceResult;
use crate::gallery::images::card_of;
use crate::store::purchases::Purchases;
use crate::visitor::access::Admission;
use domain::card::ImageCard;
use domain::gallery::ImageStatus;
use domain::ids::SetId;
use domain::policy::{ImageFacts, ImageState, Preview, preview};
use domain::rendition::RenditionSize;
use std::collections::HashSet;
use uuid::Uuid;

/// What is known of a gallery's images beyond their own rows (which already count against the
/// high-res quota, what the viewer bought), ready to make each image's facts.
#[derive(Debug, Clone, Default)]
pub struct GalleryImageFacts {
    counted: HashSet<Uuid>,
    purchases: Purchases,
}

impl GalleryImageFacts {
    /// Loads it for every image of `gallery`, as `admitted` sees them.
    pub async fn load(ctx: &Ctx, admitted: &Admission, gallery: Uuid) -> ServiceResult<Self> {
        let counted = crate::downloads::quota::counted(ctx, gallery).await?.into_iter().map(|i| i.0).collect();
        Ok(Self { counted, purchases: admitted.purchases.clone() })
    }

    /// Loads it for one image only.
    pub async fn load_one(ctx: &Ctx, admitted: &Admission, found: &image::Model) -> ServiceResult<Self> {
        let counted = crate::downloads::quota::is_counted(ctx, found.gallery_id, found.id).await?;
        let counted = if counted { HashSet::from([found.id]) } else { HashSet::new() };
        Ok(Self { counted, purchases: admitted.purchases.clone() })
    }

    /// Only what the rows say (no quota count, nothing bought): enough for deciding what may be
    /// seen.
    pub fn rows_only() -> Self {
        Self::default()
    }

    /// The facts of one image of the gallery.
    pub fn of(&self, found: &image::Model) -> ImageFacts {
        ImageFacts {
            set: found.set_id.map(SetId),
            state: state_of(found),
            deleted: found.deleted_at.is_some(),
            // A damaged original cannot be restored: its download says it is damaged instead.
            archived: !found.original_live && found.damaged_at.is_none(),
            already_counted: self.counted.contains(&found.id),
            // A photo deleted after it was sold stays its buyer's, bought by name or with the
            // whole gallery (which covers the photos its buyer could see then).
            bought: self.purchases.of(found.id),
            watermarked: found.watermark_version.is_some(),
            ..ImageFacts::default()
        }
    }

    /// The images already counted against the quota.
    pub fn counted(&self) -> &HashSet<Uuid> {
        &self.counted
    }
}

/// The card of an image as `admitted` sees it: its previews the watermarked ones where the
/// policy says this viewer's previews carry the studio's mark.
pub fn card_as_seen(admitted: &Admission, found: &image::Model, facts: ImageFacts) -> ImageCard {
    let marked = preview(&admitted.actor, RenditionSize::Screen, facts, &admitted.facts) == Some(Preview::Watermarked);
    ImageCard { watermark: marked.then(|| marked_version(found)), ..card_of(found) }
}

/// The version of the mark burned into an image's watermarked previews, for their URLs.
pub fn marked_version(found: &image::Model) -> String {
    found.watermark_version.clone().unwrap_or_default()
}

/// Where an image's renditions stand.
pub fn state_of(found: &image::Model) -> ImageState {
    match ImageStatus::parse(&found.status) {
        ImageStatus::Ready => ImageState::Ready,
        ImageStatus::Processing => ImageState::Processing,
        ImageStatus::Failed => ImageState::Failed,
    }
}
