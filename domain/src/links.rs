//! Access links as the photographer manages them in the Invite tab.

use crate::ids::{LinkId, SetId};
use crate::policy::{AccessLink, Role};
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
    /// The last day it opens the gallery, in the studio's time zone.
    pub last_day: Option<NaiveDate>,
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
    /// The last day the link works (it stops at midnight after it, in the studio's time zone).
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

/// A share email, as the photographer's Invite tab lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedEmailView {
    pub at: DateTime<Utc>,
    pub recipient: String,
    pub note: String,
    /// The label of the sharer's link ("Anna & Tom").
    pub shared_by: String,
    /// The link that was sent (revocable from the list of links).
    pub link: LinkId,
    pub revoked: bool,
    /// What became of the mail (none for share emails sent before this was recorded).
    pub delivery: Option<crate::engagement::notifications::MailDelivery>,
}

/// Whether a note holds something a mail program would turn into a link: a URL, a `www.` name or
/// a bare domain (`example.com`, `bit.ly/x`: letters after the last dot). Share notes must not:
/// we send them under the studio's name. Sentences that forget the space after a full stop
/// ("end.Then") are caught too; the sentence asking to leave addresses out says how to fix it.
pub fn has_web_address(note: &str) -> bool {
    let lower = note.to_lowercase();
    // A word is what a mail program could take for one address: quotes of every language
    // (“…”, «…», „…“), brackets, ellipses and the like end it.
    let in_address = |c: char| {
        c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '@' | ':' | '?' | '#' | '=' | '&' | '%' | '~' | '+')
    };
    lower.split(|c: char| !in_address(c)).any(|word| {
        let word = word.trim_matches(|c: char| matches!(c, '.' | '?' | ':' | '/' | '-' | '_'));
        if word.contains("://") || word.starts_with("www.") {
            return true;
        }
        let host = word.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        // A port ("example.com:8080") is no part of the name.
        let host = match host.rsplit_once(':') {
            Some((name, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => host,
        };
        match host.rsplit_once('.') {
            Some((name, tld)) => {
                let ascii_name = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'));
                let any_name = name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'));
                // An ASCII ending after an ASCII name ("cheap-pills.com"); the ASCII form of an
                // internationalised one ("xn--p1ai"); or one of the internationalised endings in
                // use, after a name in any script ("пример.рф"). Other words joined by a point in
                // other scripts are a name ("А.С.Пушкин"), not an address.
                let ascii_tld = (2..=24).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic());
                let punycode = tld.starts_with("xn--")
                    && tld.len() > 4
                    && tld.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                !name.is_empty() && (ascii_name && (ascii_tld || punycode) || any_name && IDN_ENDINGS.contains(&tld))
            }
            None => false,
        }
    })
}

/// Internationalised top-level domains in wide use, lower-cased (the rest are caught in their
/// `xn--` form, which is how they are mostly written in links).
const IDN_ENDINGS: [&str; 24] = [
    "рф",
    "рус",
    "укр",
    "бел",
    "срб",
    "мкд",
    "мон",
    "қаз",
    "онлайн",
    "сайт",
    "орг",
    "中国",
    "中國",
    "公司",
    "网络",
    "香港",
    "台灣",
    "台湾",
    "한국",
    "ไทย",
    "भारत",
    "مصر",
    "السعودية",
    "امارات",
];

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

/// What a link shared from `origin` allows: its own rules, never more than the origin's. It is
/// revoked when the origin is, ends when the origin ends, and covers only sets both cover.
pub fn narrowed_by(link: AccessLink, origin: &AccessLink) -> AccessLink {
    let expires_at = match (link.expires_at, origin.expires_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let scope = link.scope.narrowed_by(&origin.scope);
    AccessLink { role: link.role, scope, expires_at, revoked: link.revoked || origin.revoked }
}

/// Where to send a visitor back to after the password: the page they were on when it is one of
/// this gallery's pages (`/g/{slug}` or an access link `/l/{token}`), else the gallery's address.
/// Never anywhere else, so the form cannot be made to redirect off the site.
pub fn gallery_return_path(back: &str, slug: &str) -> String {
    let public = format!("/g/{slug}");
    let is_link =
        back.strip_prefix("/l/").is_some_and(|token| token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()));
    if back == public || is_link { back.to_owned() } else { public }
}

/// Cleans a link's label: trimmed, at most 80 characters, the role's name when empty.
pub fn link_label(raw: &str, role: Role) -> Result<String, FieldError> {
    let label = raw.trim();
    if label.chars().count() > 80 {
        return Err(FieldError { field: "label".to_owned(), message: "Keep the name under 80 characters.".to_owned() });
    }
    if label.chars().any(crate::validation::is_hidden_char) {
        return Err(FieldError::new("label", "Remove the control characters from the name."));
    }
    Ok(if label.is_empty() { role.label().to_owned() } else { label.to_owned() })
}

/// Whether something that stops working at `end` (a link, a gallery past its last day) has
/// stopped by `now`.
pub fn has_ended(end: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    end.is_some_and(|end| end <= now)
}

/// Whether following an access link of a gallery replaces, at once, the link the session visits
/// it with (`held`, as the policy sees it with the links it was shared from; `None`: none). Not
/// when another site sent the browser (`from_elsewhere`) while the held link still works: a page
/// elsewhere must not choose a visitor's link for them, so they are asked (`Need::SwitchLink`).
/// A first link, one typed or followed on this site, or one replacing a dead link (revoked,
/// ended, or a client's share resting while the gallery's `sharing` is off) opens at once.
pub fn switches_at_once(held: Option<&AccessLink>, from_elsewhere: bool, sharing: bool, now: DateTime<Utc>) -> bool {
    let still_works = held.is_some_and(|link| link.works(sharing, now));
    !(from_elsewhere && still_works)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Scope;

    #[test]
    fn a_link_another_site_sent_replaces_a_working_one_only_when_asked() {
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).single().expect("date");
        let working = AccessLink::new(Role::MainClient);
        let revoked = AccessLink { revoked: true, ..AccessLink::new(Role::MainClient) };
        let ended = AccessLink { expires_at: Some(now), ..AccessLink::new(Role::MainClient) };
        assert!(!switches_at_once(Some(&working), true, true, now), "asked");
        assert!(switches_at_once(Some(&working), false, true, now), "typed, or followed on this site");
        assert!(switches_at_once(None, true, true, now), "a first link");
        assert!(switches_at_once(Some(&revoked), true, true, now), "nothing to keep");
        assert!(switches_at_once(Some(&ended), true, true, now), "nothing to keep");
        let share = AccessLink::new(Role::ClientInvited);
        assert!(!switches_at_once(Some(&share), true, true, now), "a share that opens: asked");
        assert!(switches_at_once(Some(&share), true, false, now), "a share resting while sharing is off");
        assert!(!switches_at_once(Some(&working), true, false, now), "only shares rest");
    }

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
    fn a_shared_link_is_narrowed_by_its_origin() {
        use chrono::TimeZone;
        let (a, b) = (SetId(uuid::Uuid::from_u128(1)), SetId(uuid::Uuid::from_u128(2)));
        let day = |d| Utc.with_ymd_and_hms(2026, 12, d, 0, 0, 0).single().expect("date");
        let shared = AccessLink {
            scope: Scope::Sets(vec![a, b]),
            expires_at: Some(day(20)),
            ..AccessLink::new(Role::ClientInvited)
        };
        let origin =
            AccessLink { scope: Scope::Sets(vec![b]), expires_at: Some(day(10)), ..AccessLink::new(Role::MainClient) };
        let narrowed = narrowed_by(shared.clone(), &origin);
        assert_eq!(narrowed.role, Role::ClientInvited, "the role stays the shared link's");
        assert_eq!(narrowed.scope, Scope::Sets(vec![b]));
        assert_eq!(narrowed.expires_at, Some(day(10)));
        assert!(!narrowed.revoked);
        let revoked = AccessLink { revoked: true, ..origin.clone() };
        assert!(narrowed_by(shared.clone(), &revoked).revoked, "dies with its origin");
        let whole = AccessLink::new(Role::MainClient);
        assert_eq!(narrowed_by(AccessLink::new(Role::ClientInvited), &origin).scope, Scope::Sets(vec![b]));
        assert_eq!(narrowed_by(shared, &whole).scope, Scope::Sets(vec![a, b]));
    }

    #[test]
    fn notes_with_web_addresses_are_found() {
        for linked in [
            "see https://evil.example/win",
            "go to www.prize.net now",
            "visit cheap-pills.com!",
            "mail me at anna@mail.de",
            "(bit.ly/abc)",
            "HTTP://SHOUT.ORG",
            "\u{201c}cheap-pills.com\u{201d}",
            "\u{ab}cheap-pills.com\u{bb}",
            "\u{201e}cheap-pills.com\u{201c}",
            "cheap-pills.com\u{2026}",
            "cheap-pills.com:8080/win",
            "xn--80ak6aa92e.xn--p1ai",
            "\u{43f}\u{440}\u{438}\u{43c}\u{435}\u{440}.\u{440}\u{444}",
        ] {
            assert!(has_web_address(linked), "{linked}");
        }
        for plain in [
            "Look at the first dance!",
            "Mr. Smith said hi. See you at 3.30",
            "e.g. the cake",
            "",
            "Ok.",
            "\u{201c}Beautiful!\u{201d} she said\u{2026}",
            "Dinner at 19:30, table 4.",
            "\u{410}.\u{421}.\u{41f}\u{443}\u{448}\u{43a}\u{438}\u{43d}",
            "\u{421}\u{43f}\u{430}\u{441}\u{438}\u{431}\u{43e}.\u{41e}\u{442}\u{43b}\u{438}\u{447}\u{43d}\u{43e}",
            "50/50 split: A-side & B-side",
        ] {
            assert!(!has_web_address(plain), "{plain}");
        }
    }

    #[test]
    fn the_password_form_returns_only_to_the_gallery() {
        let link = format!("/l/{}", "a".repeat(32));
        assert_eq!(gallery_return_path(&link, "wedding"), link);
        assert_eq!(gallery_return_path("/g/wedding", "wedding"), "/g/wedding");
        for off in ["https://evil.example", "//evil.example", "/g/other", "/l/short", "", "/studio"] {
            assert_eq!(gallery_return_path(off, "wedding"), "/g/wedding", "{off}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(link_label("  ", Role::MainClient).as_deref(), Ok("Main client"));
        assert_eq!(link_label(" Anna & Tom ", Role::MainClient).as_deref(), Ok("Anna & Tom"));
        assert!(link_label(&"x".repeat(81), Role::Guest).is_err());
    }
}
