//! Turns a request's session and a gallery row into the policy's `Actor` and `GalleryFacts`, and
//! asks `domain::policy::decide`. Every server function and byte route goes through here.

use crate::entities::gallery;
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use domain::gallery::GalleryStatus;
use domain::ids::StudioId;
use domain::policy::{self, Action, Actor, Decision, GalleryFacts};

/// The actor for a gallery: its owner when the signed-in studio owns it, a visitor otherwise.
pub fn actor_for(viewer: Option<StudioId>, gallery: &gallery::Model) -> Actor {
    match viewer {
        Some(studio) if studio.0 == gallery.studio_id => Actor::Owner,
        _ => Actor::Visitor(policy::VisitorAccess::guest()),
    }
}

/// The facts the policy needs about a gallery at time `now`.
pub fn facts_for(gallery: &gallery::Model, now: DateTime<Utc>) -> GalleryFacts {
    GalleryFacts::new(GalleryStatus::parse(&gallery.status), gallery.expires_at, now)
}

/// Allows the action or returns the policy's denial as an error (hidden → not found).
pub fn authorize(viewer: Option<StudioId>, gallery: &gallery::Model, action: Action, now: DateTime<Utc>) -> ServiceResult<Actor> {
    let actor = actor_for(viewer, gallery);
    match policy::decide(&actor, action, &facts_for(gallery, now)) {
        Decision::Allow => Ok(actor),
        Decision::Deny(denial) => Err(denial.into()),
        // Passwords, emails and PINs come with access links and downloads; until the backend
        // records them per session, a need reads as a refusal with the policy's sentence.
        Decision::Needs(need) => Err(crate::error::ServiceError::Forbidden(need.prompt().to_owned())),
    }
}
