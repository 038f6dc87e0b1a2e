//! Turns a request's session and a gallery row into the policy's `Actor` and `GalleryFacts`, and
//! asks `domain::policy::decide`. Every server function and byte route goes through here.

use crate::entities::gallery;
use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use domain::gallery::GalleryStatus;
use domain::ids::{GalleryId, StudioId};
use domain::policy::{self, Action, Actor, Decision, GalleryFacts, VisitorAccess, VisitorSession};
use tower_sessions::Session;

/// Session key: the galleries whose password this visitor gave.
const UNLOCKED_KEY: &str = "unlocked_galleries";

/// Who is asking, as the session says: the signed-in studio (if any) and what the visitor has
/// unlocked this session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    pub studio: Option<StudioId>,
    pub unlocked: Vec<GalleryId>,
}

/// Reads the viewer from the session.
pub async fn viewer(session: &Session) -> ServiceResult<Viewer> {
    let studio = crate::auth::current_studio_id(session).await?;
    let unlocked = session
        .get::<Vec<GalleryId>>(UNLOCKED_KEY)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .unwrap_or_default();
    Ok(Viewer { studio, unlocked })
}

/// Remembers for the rest of the session that the visitor gave this gallery's password.
pub async fn remember_unlocked(session: &Session, gallery: GalleryId) -> ServiceResult<()> {
    let mut unlocked = viewer(session).await?.unlocked;
    if !unlocked.contains(&gallery) {
        unlocked.push(gallery);
        session.insert(UNLOCKED_KEY, unlocked).await.map_err(|e| ServiceError::Internal(e.into()))?;
    }
    Ok(())
}

/// The actor for a gallery: its owner when the signed-in studio owns it, a visitor otherwise.
pub fn actor_for(viewer: &Viewer, gallery: &gallery::Model) -> Actor {
    match viewer.studio {
        Some(studio) if studio.0 == gallery.studio_id => Actor::Owner,
        _ => {
            let mut access = VisitorAccess::guest();
            access.session = VisitorSession {
                password_unlocked: viewer.unlocked.contains(&GalleryId(gallery.id)),
                ..VisitorSession::default()
            };
            Actor::Visitor(access)
        }
    }
}

/// The facts the policy needs about a gallery at time `now`.
pub fn facts_for(gallery: &gallery::Model, now: DateTime<Utc>) -> GalleryFacts {
    let mut facts = GalleryFacts::new(GalleryStatus::parse(&gallery.status), gallery.expires_at, now);
    facts.has_password = gallery.password_hash.is_some();
    facts
}

/// Allows the action or returns the policy's answer as an error (hidden → not found, a need →
/// `Needs`).
pub fn authorize(
    viewer: &Viewer,
    gallery: &gallery::Model,
    action: Action,
    now: DateTime<Utc>,
) -> ServiceResult<Actor> {
    let actor = actor_for(viewer, gallery);
    match policy::decide(&actor, action, &facts_for(gallery, now)) {
        Decision::Allow => Ok(actor),
        Decision::Deny(denial) => Err(denial.into()),
        Decision::Needs(need) => Err(ServiceError::Needs(need)),
    }
}

/// The owner's view of a gallery, for studio-only operations.
pub fn owner(studio: StudioId) -> Viewer {
    Viewer { studio: Some(studio), unlocked: Vec::new() }
}
