//! Finding an image a visitor may act on: the image, its gallery and the viewer's standing, or
//! "not found" for anything they cannot see (another gallery, a set outside their link, a deleted
//! or unfinished photo) — the same answer as a random id.

use crate::access::{self, Admission, Viewer};
use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use domain::gallery::ImageStatus;
use domain::ids::{ImageId, SetId};
use domain::policy::Action;
use sea_orm::EntityTrait;

/// An image within the viewer's reach.
pub struct Reached {
    pub gallery: gallery::Model,
    pub image: image::Model,
    pub admitted: Admission,
}

impl Reached {
    /// The image's set, as the policy's per-image actions take it.
    pub fn set(&self) -> Option<SetId> {
        self.image.set_id.map(SetId)
    }
}

/// Loads `id` for `viewer` and checks they can see it. A dead link keeps its sentence (the
/// visitor holds it and should learn whom to ask); everything else out of reach is `NotFound`.
pub async fn image_in_reach(ctx: &Ctx, viewer: &Viewer, id: ImageId, now: DateTime<Utc>) -> ServiceResult<Reached> {
    let found = image::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let g = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let admitted = access::admission_to_view(ctx, viewer, &g, now).await?;
    admitted.check(Action::ViewRendition { set: found.set_id.map(SetId) }).map_err(|e| match e {
        ServiceError::Forbidden(reason) => ServiceError::Forbidden(reason),
        ServiceError::Needs(need) => ServiceError::Needs(need),
        _ => ServiceError::NotFound,
    })?;
    if found.deleted_at.is_some() || ImageStatus::parse(&found.status) != ImageStatus::Ready {
        return Err(ServiceError::NotFound);
    }
    Ok(Reached { gallery: g, image: found, admitted })
}

/// The email the visitor's proofing belongs to. Only called after the policy allowed an action
/// that needs one, so its absence is a need, not a bug.
pub fn person(admitted: &Admission) -> ServiceResult<String> {
    admitted.visit.email.clone().ok_or(ServiceError::Needs(domain::policy::Need::Email))
}

/// The name a visitor signs with: the one they gave, else their email's local part.
pub fn signature(admitted: &Admission) -> String {
    admitted
        .visit
        .name
        .clone()
        .or_else(|| admitted.visit.email.as_deref().and_then(|e| e.split('@').next()).map(str::to_owned))
        .unwrap_or_else(|| "Visitor".to_owned())
}
