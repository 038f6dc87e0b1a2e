//! Who a visitor is: the access link they arrived by (role, sets, expiry, revocation) and what
//! they have already done in this session (password, PIN, email). All of it is read by the server
//! from its own records; the browser's word counts for nothing.

use crate::ids::SetId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The visitor's user type, carried by their access link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The people the gallery was shot for; links made from the Invite tab.
    MainClient,
    /// Others the photographer invited (a planner, an agency).
    PhotographerInvited,
    /// People a main client invited through Share.
    ClientInvited,
    /// Anyone who arrived by the gallery's public link.
    Guest,
}

impl Role {
    /// Every role, for settings screens and tests.
    pub const ALL: [Role; 4] = [Self::MainClient, Self::PhotographerInvited, Self::ClientInvited, Self::Guest];
}

impl Role {
    /// The stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MainClient => "main_client",
            Self::PhotographerInvited => "photographer_invited",
            Self::ClientInvited => "client_invited",
            Self::Guest => "guest",
        }
    }

    /// Reads the stored spelling; anything unknown is a guest (the role with the least rights).
    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|r| r.as_str() == s).unwrap_or(Self::Guest)
    }

    /// How the photographer's screens name the role.
    pub const fn label(self) -> &'static str {
        match self {
            Self::MainClient => "Main client",
            Self::PhotographerInvited => "Invited by you",
            Self::ClientInvited => "Invited by a client",
            Self::Guest => "Guest (public link)",
        }
    }
}

/// An access link as the server has it now (a revoked link is seen as revoked by sessions that
/// were opened before, because the server reads it on every request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLink {
    pub role: Role,
    /// The sets the link is limited to; `None` covers the whole gallery, unassigned images too.
    pub sets: Option<Vec<SetId>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

impl AccessLink {
    /// A link for `role` to the whole gallery, without expiry.
    pub fn new(role: Role) -> Self {
        Self { role, sets: None, expires_at: None, revoked: false }
    }

    /// The gallery's public link: a guest's.
    pub fn public() -> Self {
        Self::new(Role::Guest)
    }

    /// Whether an image in `set` (`None`: unassigned) is within the link's sets. A link limited
    /// to sets never covers unassigned images.
    pub fn covers(&self, set: Option<SetId>) -> bool {
        match &self.sets {
            None => true,
            Some(sets) => set.is_some_and(|set| sets.contains(&set)),
        }
    }

    /// Why the link no longer works at `now`, or `None` while it does. A dead link is refused
    /// rather than hidden: the visitor holds it, and the useful answer is whom to ask.
    pub fn refusal(&self, now: DateTime<Utc>) -> Option<&'static str> {
        if self.revoked {
            Some("This link has been revoked. Ask your photographer for a new one.")
        } else if self.expires_at.is_some_and(|expiry| expiry <= now) {
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
    fn scope_covers_listed_sets_only() {
        let (a, b) = (SetId(Uuid::from_u128(1)), SetId(Uuid::from_u128(2)));
        let whole = AccessLink::new(Role::MainClient);
        assert!(whole.covers(Some(a)) && whole.covers(None));
        let limited = AccessLink { sets: Some(vec![a]), ..whole };
        assert!(limited.covers(Some(a)));
        assert!(!limited.covers(Some(b)));
        assert!(!limited.covers(None), "a set-limited link never covers unassigned images");
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
