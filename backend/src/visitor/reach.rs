//! Finding an image a viewer may act on — download it, star it, comment, draw, compare: the
//! image, its gallery and the viewer's standing, or "not found" for anything they cannot see (a
//! locked, foreign or draft gallery, a set outside their link, a deleted or unfinished photo),
//! exactly like a random id. A dead link keeps its sentence: the visitor holds it and should
//! learn whom to ask.

use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{self, Admission, Viewer};
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

/// Loads `id` for `viewer` and checks they can see it.
pub async fn image_in_reach(ctx: &Ctx, viewer: &Viewer, id: ImageId, now: DateTime<Utc>) -> ServiceResult<Reached> {
    let found = image::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let g = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let admitted = access::admission(ctx, viewer, &g, now).await?;
    admitted.check(Action::ViewRendition { set: found.set_id.map(SetId) }).map_err(|e| match e {
        ServiceError::Forbidden(reason) => ServiceError::Forbidden(reason),
        _ => ServiceError::NotFound,
    })?;
    if found.deleted_at.is_some() || ImageStatus::parse(&found.status) != ImageStatus::Ready {
        return Err(ServiceError::NotFound);
    }
    Ok(Reached { gallery: g, image: found, admitted })
}
