//! The compare view's check: two images the visitor can see, in a gallery where compare is on.
//! The side-by-side view itself lives in the browser; this is what the server refuses.

use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::Viewer;
use crate::visitor::image_facts::card_as_seen;
use crate::visitor::reach::image_in_reach;
use chrono::{DateTime, Utc};
use domain::card::ImageCard;
use domain::ids::ImageId;
use domain::policy::Action;

/// The two images to compare, as cards, when the policy allows comparing them.
pub async fn pair(
    ctx: &Ctx,
    viewer: &Viewer,
    left: ImageId,
    right: ImageId,
    now: DateTime<Utc>,
) -> ServiceResult<[ImageCard; 2]> {
    let a = image_in_reach(ctx, viewer, left, now).await?;
    let b = image_in_reach(ctx, viewer, right, now).await?;
    if a.gallery.id != b.gallery.id {
        return Err(ServiceError::NotFound);
    }
    a.admitted.check(Action::Compare)?;
    Ok([card_as_seen(&a.admitted, &a.image, a.facts), card_as_seen(&b.admitted, &b.image, b.facts)])
}
