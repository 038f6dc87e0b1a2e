//! Access links as the photographer manages them in the Invite tab.

use crate::ids::{LinkId, SetId};
use crate::policy::Role;
use crate::validation::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One access link in the Invite tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessLinkView {
    pub id: LinkId,
    pub label: String,
    pub role: Role,
    /// The sets the link is limited to; `None`: the whole gallery.
    pub sets: Option<Vec<SetId>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether it had expired when the list was made (expired links stay listed until revoked).
    pub expired: bool,
    /// The path a visitor opens (`/l/…`); the page makes it absolute for copying.
    pub path: String,
    pub created_at: DateTime<Utc>,
}

/// A new link: from the Invite tab (main client, photographer invited, or a "secure link" with
/// chosen role and sets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkForm {
    /// Who the link is for ("Anna & Tom"); empty: the role's name.
    pub label: String,
    pub role: Role,
    /// `None`: the whole gallery.
    pub sets: Option<Vec<SetId>>,
    /// The last day the link works (it stops at the end of that day, UTC).
    pub expires_on: Option<NaiveDate>,
}

/// A main client's Share: a client-invited link for the whole of what they see or some of its
/// sets, optionally emailed to someone with a note.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShareForm {
    /// `None`: everything the sharer sees.
    pub sets: Option<Vec<SetId>>,
    /// Send the link to this address (empty: just make it, to copy).
    pub email_to: String,
    /// A few words for the email.
    pub note: String,
}

/// The longest note a share email may carry, in characters.
pub const MAX_SHARE_NOTE: usize = 500;

/// A link made by Share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedLink {
    /// The address to copy (absolute).
    pub url: String,
    /// Who it was emailed to, when it was.
    pub sent_to: Option<String>,
}

/// The sets a link shared from a link limited to `own` may cover: never further than the
/// sharer's own. `None` chosen means "everything the sharer sees" (their own scope).
pub fn shared_link_sets(own: Option<&[SetId]>, chosen: Option<Vec<SetId>>) -> Result<Option<Vec<SetId>>, FieldError> {
    match (own, chosen) {
        (own, None) => Ok(own.map(<[SetId]>::to_vec)),
        (Some(own), Some(chosen)) if chosen.iter().any(|s| !own.contains(s)) => {
            Err(FieldError::new("sets", "Choose among the sets you can see."))
        }
        (_, Some(chosen)) => Ok(Some(chosen)),
    }
}

/// Cleans a link's label: trimmed, at most 80 characters, the role's name when empty.
pub fn link_label(raw: &str, role: Role) -> Result<String, FieldError> {
    let label = raw.trim();
    if label.chars().count() > 80 {
        return Err(FieldError { field: "label".to_owned(), message: "Keep the name under 80 characters.".to_owned() });
    }
    Ok(if label.is_empty() { role.label().to_owned() } else { label.to_owned() })
}

/// When a link chosen to last through `day` stops working: the end of that day (UTC).
pub fn link_expiry(day: NaiveDate) -> DateTime<Utc> {
    day.succ_opt().unwrap_or(day).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_links_reach_no_further_than_their_origin() {
        let (a, b) = (SetId(uuid::Uuid::from_u128(1)), SetId(uuid::Uuid::from_u128(2)));
        assert_eq!(shared_link_sets(None, None), Ok(None));
        assert_eq!(shared_link_sets(Some(&[a]), None), Ok(Some(vec![a])), "inherits the sharer's scope");
        assert_eq!(shared_link_sets(None, Some(vec![b])), Ok(Some(vec![b])));
        assert_eq!(shared_link_sets(Some(&[a, b]), Some(vec![b])), Ok(Some(vec![b])));
        assert!(shared_link_sets(Some(&[a]), Some(vec![a, b])).is_err());
    }

    #[test]
    fn labels_and_expiry() {
        assert_eq!(link_label("  ", Role::MainClient).as_deref(), Ok("Main client"));
        assert_eq!(link_label(" Anna & Tom ", Role::MainClient).as_deref(), Ok("Anna & Tom"));
        assert!(link_label(&"x".repeat(81), Role::Guest).is_err());
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).expect("valid date");
        assert_eq!(link_expiry(day).to_rfc3339(), "2027-01-01T00:00:00+00:00");
    }
}
