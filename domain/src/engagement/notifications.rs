//! The mail a person can switch off, and the studio's notification settings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A kind of mail with its own switch and unsubscribe link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    /// The photographer's daily digest.
    Digest,
    /// Security notices to the photographer (a PIN locked after wrong guesses).
    Security,
    /// Invitations a studio sends a visitor (switched off by the visitor, for that studio).
    Invitations,
}

impl MailKind {
    pub const ALL: [MailKind; 3] = [MailKind::Digest, MailKind::Security, MailKind::Invitations];

    pub fn token(self) -> &'static str {
        match self {
            MailKind::Digest => "digest",
            MailKind::Security => "security",
            MailKind::Invitations => "invitations",
        }
    }

    pub fn parse(token: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.token() == token)
    }

    /// What the unsubscribe page calls it: "the daily digest".
    pub fn described(self) -> &'static str {
        match self {
            MailKind::Digest => "the daily digest of your galleries",
            MailKind::Security => "security notices about your galleries",
            MailKind::Invitations => "gallery invitations from this studio",
        }
    }
}

/// The studio's notification settings (Studio settings → Notifications).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    /// Send the daily digest.
    pub digest: bool,
    /// The local hour (0–23) it is sent at.
    pub digest_hour: u8,
    /// IANA name, e.g. `Europe/Paris`.
    pub time_zone: String,
    /// Send security notices.
    pub security: bool,
}

/// An invitation from the Invite tab: a link emailed to someone, with the photographer's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationForm {
    pub to: String,
    pub name: String,
    pub note: String,
}

/// The longest note an invitation carries.
pub const NOTE_MAX: usize = 2_000;

/// An invitation as the Invite tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub at: DateTime<Utc>,
    pub recipient: String,
    /// The label of the link it carried.
    pub link_label: String,
    pub delivery: MailDelivery,
}

/// What became of a message sent from a gallery (an invitation, a share email), as the
/// photographer is shown it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailDelivery {
    /// Written, not tried yet.
    Sending,
    /// The mail server took it.
    Sent { at: DateTime<Utc> },
    /// Tried and not taken yet (the mail server away or busy): tried again on its own.
    Waiting,
    /// The mail server refused it for good, in its own words (an address that does not exist,
    /// say). Still tried now and then, in case the refusal was the relay's.
    Refused { said: String },
}

impl MailDelivery {
    /// One sentence for the list (a sent message's moment is the page's to say, in the reader's
    /// time).
    pub fn sentence(&self) -> String {
        match self {
            Self::Sending => "Sending…".to_owned(),
            Self::Sent { .. } => "Sent".to_owned(),
            Self::Waiting => "Not sent yet: the mail server could not take it. We keep trying.".to_owned(),
            Self::Refused { said } => format!(
                "Not delivered: the mail server refused it (“{said}”). Check the address, and send it again if it was wrong."
            ),
        }
    }

    /// Whether the photographer should look at it.
    pub fn is_trouble(&self) -> bool {
        matches!(self, Self::Refused { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.token()), Some(kind));
        }
    }
}
