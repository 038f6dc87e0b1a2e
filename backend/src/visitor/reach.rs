//! Finding an image a viewer may act on — download it, star it, comment, draw, compare: the
//! image, its gallery and the viewer's standing, or "not found" for anything they cannot see (a
//! locked, foreign or draft gallery, a set outside their link, a deleted or unfinished photo),
//! exactly like a random id. A dead link keeps its sentence: the visitor holds it and should
//! learn whom to ask.

use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{self, Admission, Viewer};
use crate::visitor::image_facts::GalleryImageFacts;
use chrono::{DateTime, Utc};
use domain::ids::ImageId;
use domain::policy::{Action, ImageFacts, ImageState};
use sea_orm::EntityTrait;

/// An image within the viewer's reach.
pub struct Reached {
    pub gallery: gallery::Model,
    pub image: image::Model,
    /// The image's facts, as the policy's per-image actions take them.
    pub facts: ImageFacts,
    pub admitted: Admission,
}

/// Loads `id` for `viewer` and checks they can see it. Acting on a photo needs a live, finished
/// one, the owner's own included (a deleted photo is restored first).
pub async fn image_in_reach(ctx: &Ctx, viewer: &Viewer, id: ImageId, now: DateTime<Utc>) -> ServiceResult<Reached> {
    let found = image::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let g = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let admitted = access::admission(ctx, viewer, &g, now).await?;
    let facts = GalleryImageFacts::load_one(ctx, &admitted, &found).await?.of(&found);
    admitted.check(Action::ViewRendition { image: facts }).map_err(|e| match e {
        ServiceError::Forbidden(reason) => ServiceError::Forbidden(reason),
        _ => ServiceError::NotFound,
    })?;
    if facts.state != ImageState::Ready || facts.deleted {
        return Err(ServiceError::NotFound);
    }
    Ok(Reached { gallery: g, image: found, facts, admitted })
}
