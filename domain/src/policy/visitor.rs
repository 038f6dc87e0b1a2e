//! Who a visitor is: the access link they arrived by (role, sets, expiry, revocation) and what
//! they have already done in this session (password, PIN, email). All of it is read by the server
//! from its own records; the browser's word counts for nothing.

use super::facts::ImageFacts;
use super::role::Role;
use crate::ids::{DeliverySetId, SetId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a link reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The whole gallery, unassigned images too.
    Gallery,
    /// Only these sets (never unassigned images).
    Sets(Vec<SetId>),
    /// Only the images of one delivery set, and nothing else of the gallery.
    Delivery(DeliverySetId),
}

impl Scope {
    /// Whether an image is within the scope.
    pub fn covers(&self, image: &ImageFacts) -> bool {
        match self {
            Self::Gallery => true,
            Self::Sets(sets) => image.set.is_some_and(|set| sets.contains(&set)),
            Self::Delivery(_) => image.in_delivery,
        }
    }

    /// Whether a set (its name, its section, its ZIP) is within the scope.
    pub fn covers_set(&self, set: SetId) -> bool {
        match self {
            Self::Gallery => true,
            Self::Sets(sets) => sets.contains(&set),
            Self::Delivery(_) => false,
        }
    }

    /// What both `self` and `other` cover (a shared link within its origin's scope).
    #[must_use]
    pub fn narrowed_by(self, other: &Scope) -> Scope {
        match (self, other) {
            (own, Self::Gallery) => own,
            (Self::Gallery, theirs) => theirs.clone(),
            (Self::Sets(own), Self::Sets(theirs)) => {
                Self::Sets(own.into_iter().filter(|s| theirs.contains(s)).collect())
            }
            (Self::Delivery(own), Self::Delivery(theirs)) if own == *theirs => Self::Delivery(own),
            // A package and sets, or two packages: nothing in common.
            _ => Self::Sets(Vec::new()),
        }
    }

    /// The sets, when limited to sets.
    pub fn sets(&self) -> Option<&[SetId]> {
        match self {
            Self::Sets(sets) => Some(sets),
            Self::Gallery | Self::Delivery(_) => None,
        }
    }
}

/// An access link as the server has it now (a revoked link is seen as revoked by sessions that
/// were opened before, because the server reads it on every request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLink {
    pub role: Role,
    pub scope: Scope,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

impl AccessLink {
    /// A link for `role` to the whole gallery, without expiry.
    pub fn new(role: Role) -> Self {
        Self { role, scope: Scope::Gallery, expires_at: None, revoked: false }
    }

    /// The gallery's public link: a guest's.
    pub fn public() -> Self {
        Self::new(Role::Guest)
    }

    /// Whether the link rests for now: a client's share while the gallery's sharing (`sharing`,
    /// as in effect) is off. Client-invited people are there only where sharing is allowed; the
    /// link opens again when it is back on.
    pub fn rests(&self, sharing: bool) -> bool {
        self.role == Role::ClientInvited && !sharing
    }

    /// Whether the link opens the gallery at `now`: not revoked, not ended, not resting while
    /// the gallery's `sharing` (as in effect) is off.
    pub fn works(&self, sharing: bool, now: DateTime<Utc>) -> bool {
        self.refusal(now).is_none() && !self.rests(sharing)
    }

    /// Why the link no longer works at `now`, or `None` while it does. A dead link is refused
    /// rather than hidden: the visitor holds it, and the useful answer is whom to ask.
    pub fn refusal(&self, now: DateTime<Utc>) -> Option<&'static str> {
        if self.revoked {
            Some("This link has been revoked. Ask your photographer for a new one.")
        } else if crate::links::has_ended(self.expires_at, now) {
            Some("This link has expired. Ask your photographer for a new one.")
        } else {
            None
        }
    }
}

/// What the visitor has done in this session. Each is asked once per session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitorSession {
    /// The gallery password was given (since it last changed).
    pub password_unlocked: bool,
    /// The download PIN was given (since it last changed).
    pub pin_verified: bool,
    /// An email address was given (downloads are recorded with it).
    pub email_given: bool,
    /// This browser holds the identity of the person that address belongs to in this gallery:
    /// it started that identity, or opened the sign-in link emailed to the address. Selects,
    /// comments and annotations belong to a person, so they need this; a typed address alone
    /// never reaches what someone else wrote.
    pub person_joined: bool,
}

/// A visitor: their link and their session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorAccess {
    pub link: AccessLink,
    pub session: VisitorSession,
}

impl VisitorAccess {
    /// A visitor on `link` who has done nothing yet this session.
    pub fn new(link: AccessLink) -> Self {
        Self { link, session: VisitorSession::default() }
    }

    /// The simplest visitor: a guest on the public link, new to this session.
    pub fn guest() -> Self {
        Self::new(AccessLink::public())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use uuid::Uuid;

    #[test]
    fn scopes_cover_what_they_name_only() {
        let (a, b) = (SetId(Uuid::from_u128(1)), SetId(Uuid::from_u128(2)));
        let image = |set| ImageFacts::in_set(set);
        assert!(Scope::Gallery.covers(&image(Some(a))) && Scope::Gallery.covers(&image(None)));
        let limited = Scope::Sets(vec![a]);
        assert!(limited.covers(&image(Some(a))) && limited.covers_set(a));
        assert!(!limited.covers(&image(Some(b))) && !limited.covers_set(b));
        assert!(!limited.covers(&image(None)), "a set-limited link never covers unassigned images");
        let delivery = Scope::Delivery(DeliverySetId(Uuid::from_u128(9)));
        assert!(!delivery.covers(&image(Some(a))) && !delivery.covers_set(a));
        assert!(delivery.covers(&ImageFacts { in_delivery: true, ..image(None) }));
    }

    #[test]
    fn revocation_wins_over_expiry_and_expiry_is_inclusive() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("valid date");
        let link = AccessLink { expires_at: Some(now), ..AccessLink::public() };
        assert_eq!(link.refusal(now), Some("This link has expired. Ask your photographer for a new one."));
        assert_eq!(link.refusal(now - chrono::Duration::seconds(1)), None);
        let revoked = AccessLink { revoked: true, ..link };
        assert!(revoked.refusal(now).is_some_and(|r| r.contains("revoked")));
        assert_eq!(VisitorAccess::guest().link.role, Role::Guest);
        assert_eq!(VisitorAccess::guest().session, VisitorSession::default());
    }
}
