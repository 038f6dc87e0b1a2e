//! The access policy: one pure function decides what an actor may do in a gallery. Server
//! functions and byte routes ask it on every request; the UI asks it to hide what is not allowed.
//! Nothing here trusts what the browser says about itself: the actor and the facts are built on
//! the server from the session and the database.

use crate::gallery::GalleryStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who is asking, as established by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// The signed-in studio that owns the gallery.
    Owner,
    /// Anyone else: a visitor who arrived by the gallery's link.
    Visitor,
}

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Open the gallery page (and list its sets and images).
    ViewGallery,
    /// Fetch the bytes of a preview rendition (grid, HD, 4K for the lightbox).
    ViewRendition,
    /// Change the gallery: settings, sets, uploads, order, deletes.
    ManageGallery,
}

/// What the server knows about the gallery at the time of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryFacts {
    pub status: GalleryStatus,
    pub expires_at: Option<DateTime<Utc>>,
    /// The time of the request (the policy reads no clock).
    pub now: DateTime<Utc>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allow,
    Deny(Denial),
}

/// Why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Denial {
    /// Outside the actor's reach: answered exactly like "does not exist" (404), so a stranger
    /// learns nothing, not even that the thing exists.
    Hidden,
    /// Visible but not allowed (403), with a sentence saying why and what to do.
    Refused(String),
}

impl Decision {
    /// True when the action may go ahead.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// Decides whether `actor` may do `action` in a gallery described by `facts`.
pub fn decide(actor: &Actor, action: Action, facts: &GalleryFacts) -> Decision {
    match actor {
        Actor::Owner => Decision::Allow,
        Actor::Visitor => decide_for_visitor(action, facts),
    }
}

fn decide_for_visitor(action: Action, facts: &GalleryFacts) -> Decision {
    match action {
        Action::ManageGallery => Decision::Deny(Denial::Hidden),
        Action::ViewGallery | Action::ViewRendition => {
            if facts.status != GalleryStatus::Published {
                return Decision::Deny(Denial::Hidden);
            }
            match facts.expires_at {
                Some(expiry) if expiry <= facts.now => Decision::Deny(Denial::Refused(
                    "This gallery has expired. Ask your photographer to extend it.".to_owned(),
                )),
                _ => Decision::Allow,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn facts(status: GalleryStatus, expires_in_secs: Option<i64>) -> GalleryFacts {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("valid date");
        GalleryFacts { status, expires_at: expires_in_secs.map(|s| now + chrono::Duration::seconds(s)), now }
    }

    #[test]
    fn decision_table() {
        use Action::*;
        use GalleryStatus::*;
        let hidden = Decision::Deny(Denial::Hidden);
        let rows: &[(Actor, Action, GalleryStatus, Option<i64>, bool)] = &[
            (Actor::Owner, ViewGallery, Draft, None, true),
            (Actor::Owner, ManageGallery, Published, Some(-10), true),
            (Actor::Visitor, ViewGallery, Published, None, true),
            (Actor::Visitor, ViewRendition, Published, Some(3600), true),
            (Actor::Visitor, ViewGallery, Draft, None, false),
            (Actor::Visitor, ViewRendition, Draft, None, false),
            (Actor::Visitor, ManageGallery, Published, None, false),
            (Actor::Visitor, ViewGallery, Published, Some(0), false),
        ];
        for (actor, action, status, expiry, allowed) in rows {
            let decision = decide(actor, *action, &facts(*status, *expiry));
            assert_eq!(decision.is_allowed(), *allowed, "{actor:?} {action:?} {status:?} {expiry:?}");
        }
        assert_eq!(decide(&Actor::Visitor, ViewRendition, &facts(Draft, None)), hidden);
        assert!(matches!(
            decide(&Actor::Visitor, ViewGallery, &facts(Published, Some(-1))),
            Decision::Deny(Denial::Refused(reason)) if reason.contains("expired")
        ));
    }

    proptest! {
        #[test]
        fn visitors_never_manage_and_never_see_drafts(expiry in proptest::option::of(-100_000i64..100_000)) {
            for status in [GalleryStatus::Draft, GalleryStatus::Published] {
                prop_assert_eq!(
                    decide(&Actor::Visitor, Action::ManageGallery, &facts(status, expiry)),
                    Decision::Deny(Denial::Hidden)
                );
            }
            for action in [Action::ViewGallery, Action::ViewRendition] {
                prop_assert!(!decide(&Actor::Visitor, action, &facts(GalleryStatus::Draft, expiry)).is_allowed());
            }
        }
    }
}
