//! What each kind of secret allows before it says "wait": the rules, and the attempts table they
//! count. An attempt is written before anything is compared (so parallel guesses count like
//! sequential ones) and removed when it proved right, so what stays are failures.

use super::window::{Rule, locked_until};
use crate::ctx::Ctx;
use crate::entities::attempt;
use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::net::IpAddr;
use uuid::Uuid;

/// Everything secret, or guessable, that is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    /// A gallery's download PIN, by the standing it is given with (subject: the gallery and the
    /// access link a share link was made from, or the link itself, or `public`): a stranger
    /// guessing with the public link locks the public link, never the clients' own links.
    Pin,
    /// Wrong PINs across all of a gallery's standings (subject: the gallery), so guesses spread
    /// over many links still stop.
    PinGallery,
    /// A gallery's password (subject: the gallery).
    GalleryPassword,
    /// A photographer's sign-in (subject: the email address typed, whether or not it has an
    /// account, so a lock says nothing about which addresses do).
    SignIn,
    /// A gallery address or access link that leads nowhere (no subject): the brute force of
    /// slugs and tokens.
    Lookup,
    /// An email asked for: a sign-up confirmation, a password reset, a visitor's sign-in link
    /// (subject: the address), so nobody can make us send mail in bulk.
    EmailRequest,
    /// An email anyone can make us send to any address (a sign-up confirmation, a reset link,
    /// a visitor's sign-in link; subject: the address): the limits of `EmailRequest` are per
    /// purpose and per gallery, so without this one an inbox could be sent a few mails for every
    /// gallery a stranger can reach.
    MailTo,
    /// A share email sent from a main client's link (subject: the link).
    ShareFromLink,
    /// A share link made from a main client's link, emailed or to copy (subject: the link): each
    /// is a link kept for good, so making them is not free either.
    ShareLinkMade,
    /// A share email sent from a gallery, whichever link it came from (subject: the gallery):
    /// sharing is for family and friends, not a mailing list.
    ShareFromGallery,
    /// A list of selects sent to the photographer (subject: the gallery and the sender's
    /// address): each is an email to the studio, and anyone who gives an address may send one.
    /// Not per gallery alone, which a stranger could spend for the real clients.
    SelectionSent,
    /// An order placed (subject: the buyer's address typed): each emails its link there. A
    /// buyer ordering photo after photo is no stranger asking for mail, so these are not
    /// `EmailRequest`s.
    OrderPlaced,
    /// A gallery link a photographer chose that another gallery has (subject: the studio):
    /// trying links one after another would tell anyone with a studio which galleries exist,
    /// drafts and galleries without a public link included.
    SlugTaken,
    /// A person started in a gallery by an address typed for the first time there (subject: the
    /// gallery): each is a row whose comments and marks the photographer's pages then read, so a
    /// script cannot make thousands.
    PersonStarted,
    /// A comment posted by a visitor (subject: the gallery): what one address may write.
    CommentPosted,
    /// A restore of archived originals asked for (subject: the gallery), which mails the address
    /// typed: what one asking address may make us send.
    RestoreAsked,
}

/// The three windows a kind may have.
#[derive(Debug, Clone, Copy)]
struct Rules {
    /// Per (client address, subject).
    pair: Option<Rule>,
    /// Per subject, from any address.
    subject: Option<Rule>,
    /// Per client address, across subjects.
    address: Option<Rule>,
}

const fn rule(failures: usize, window: Duration, lock: Duration) -> Option<Rule> {
    Some(Rule { failures, window, lock })
}

impl AttemptKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pin => "pin",
            Self::PinGallery => "pin_gallery",
            Self::GalleryPassword => "gallery_password",
            Self::SignIn => "sign_in",
            Self::Lookup => "lookup",
            Self::EmailRequest => "email_request",
            Self::MailTo => "mail_to",
            Self::ShareFromLink => "share_from_link",
            Self::ShareLinkMade => "share_link_made",
            Self::ShareFromGallery => "share_from_gallery",
            Self::SelectionSent => "selection_sent",
            Self::OrderPlaced => "order_placed",
            Self::SlugTaken => "slug_taken",
            Self::PersonStarted => "person_started",
            Self::CommentPosted => "comment_posted",
            Self::RestoreAsked => "restore_asked",
        }
    }

    /// The numbers (README and docs/SECURITY.md list them).
    const fn rules(self) -> Rules {
        let (m15, h1, h24) = (Duration::minutes(15), Duration::hours(1), Duration::hours(24));
        match self {
            // A PIN is 4–6 digits: the tightest, and a lock of the standing (sessions that gave
            // it keep downloading; the photographer is told)…
            Self::Pin => Rules { pair: rule(5, m15, m15), subject: rule(10, h24, h24), address: rule(20, h1, h1) },
            // …and of the whole gallery, above what its own clients would ever mistype.
            Self::PinGallery => Rules { pair: None, subject: rule(30, h24, h24), address: None },
            // The password stands before the whole gallery: a gallery-wide pause, but short, so
            // a stranger cannot shut real clients out for long.
            Self::GalleryPassword => {
                Rules { pair: rule(5, m15, m15), subject: rule(20, h1, h1), address: rule(20, h1, h1) }
            }
            Self::SignIn => Rules { pair: rule(5, m15, m15), subject: rule(10, h1, h1), address: rule(20, h1, h1) },
            // The same numbers as the PIN's per-address rule; real links never count.
            Self::Lookup => Rules { pair: None, subject: None, address: rule(20, h1, h1) },
            Self::EmailRequest => Rules { pair: None, subject: rule(3, h1, h1), address: rule(10, h1, h1) },
            Self::MailTo => Rules { pair: None, subject: rule(5, h1, h1), address: None },
            Self::ShareFromLink => Rules { pair: None, subject: rule(5, h1, h1), address: None },
            Self::ShareLinkMade => Rules { pair: None, subject: rule(20, h1, h1), address: None },
            Self::ShareFromGallery => Rules { pair: None, subject: rule(20, h24, h24), address: None },
            Self::SelectionSent => Rules { pair: None, subject: rule(10, h24, h24), address: rule(10, h1, h1) },
            // Per buyer's address a day: each order mails it, and a stranger on many addresses
            // must not make it a letterbox for branded mail.
            Self::OrderPlaced => Rules { pair: None, subject: rule(20, h24, h24), address: rule(20, h1, h1) },
            Self::SlugTaken => Rules { pair: None, subject: rule(10, h1, h1), address: rule(20, h1, h1) },
            // Per address only (a stranger must not use up what the real clients may do), and
            // generous: a wedding's guests on the venue's wifi, or a phone network's shared
            // address, are many people behind one.
            Self::PersonStarted => Rules { pair: None, subject: None, address: rule(100, h1, h1) },
            Self::CommentPosted => Rules { pair: None, subject: None, address: rule(300, h1, h1) },
            // The gallery's own limits are `archive::requests`' (per address mailed, per gallery).
            Self::RestoreAsked => Rules { pair: None, subject: None, address: rule(10, h1, h1) },
        }
    }

    /// The sentence for a lock, before "Wait N minutes and try again."
    fn sentence(self, scope: Scope) -> &'static str {
        match (self, scope) {
            (Self::Pin, Scope::Subject) => {
                "PIN entry through your link is locked after too many wrong PINs. Ask your photographer, or wait"
            }
            (Self::PinGallery, _) => {
                "PIN entry for this gallery is locked after too many wrong PINs. Ask your photographer, or wait"
            }
            (Self::Pin, _) => "Too many wrong PINs from here. Wait",
            (Self::GalleryPassword, Scope::Subject) => {
                "Password entry for this gallery is paused after too many wrong passwords. Ask your photographer, or wait"
            }
            (Self::GalleryPassword, _) => "Too many wrong passwords from here. Wait",
            (Self::SignIn, Scope::Subject) => {
                "Sign-in to this account is paused after too many wrong passwords. Reset your password, or wait"
            }
            (Self::SignIn, _) => "Too many sign-in attempts from here. Reset your password, or wait",
            (Self::Lookup, _) => {
                "Too many addresses opened from here lead nowhere. Open the link your photographer sent you, or wait"
            }
            (Self::EmailRequest, Scope::Subject) => {
                "We have sent several emails to this address already. Check your inbox (and spam folder), or wait"
            }
            (Self::EmailRequest, _) => "Too many emails were asked for from here. Wait",
            (Self::MailTo, _) => {
                "We have sent several emails to this address already. Check your inbox (and spam folder), or wait"
            }
            (Self::ShareFromLink, _) => {
                "You have sent as many share emails as you may for now. Copy the link and send it yourself, or wait"
            }
            (Self::ShareLinkMade, _) => {
                "You have made as many share links as you may for now. Send one of the links you made, or wait"
            }
            (Self::ShareFromGallery, _) => {
                "This gallery has sent as many share emails as it may today. Copy the link and send it yourself, or wait"
            }
            (Self::SelectionSent, Scope::Subject) => {
                "You have sent the photographer as many lists as you may today. Write to them by email, or wait"
            }
            (Self::SelectionSent, _) => "Too many lists were sent from here. Wait",
            (Self::OrderPlaced, Scope::Subject) => {
                "Several orders were placed for this address already. Check your inbox for their links, or wait"
            }
            (Self::OrderPlaced, _) => "Too many orders were placed from here. Wait",
            (Self::SlugTaken, _) => "Too many of the links chosen were taken already. Keep the link you have, or wait",
            (Self::PersonStarted, _) => "Too many email addresses were given from here. Wait",
            (Self::CommentPosted, _) => "Too many comments were posted from here. Wait",
            (Self::RestoreAsked, _) => "Too many restores were asked for from here. Wait",
        }
    }
}

/// Which window locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Pair,
    Subject,
    Address,
}

/// The key attempts are counted under: the address, or for IPv6 its /64 (one subscriber's
/// network), so hopping through a prefix's addresses does not give fresh guesses.
pub(crate) fn client_key(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// One attempt on record.
#[derive(Debug, Clone)]
pub(super) struct Charged {
    pub id: Uuid,
    pub client: String,
}

/// Writes the attempt before anything is compared.
pub(super) async fn charge(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<Charged> {
    let charged = Charged { id: Uuid::now_v7(), client: client_key(client) };
    attempt::Entity::insert(attempt::ActiveModel {
        id: Set(charged.id),
        kind: Set(kind.as_str().to_owned()),
        subject: Set(subject.to_owned()),
        client_addr: Set(charged.client.clone()),
        created_at: Set(now),
    })
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(charged)
}

/// Removes an attempt: it proved right, or it was refused before being tried.
pub(super) async fn forgive(ctx: &Ctx, charged: &Charged) -> ServiceResult<()> {
    attempt::Entity::delete_by_id(charged.id).exec(&ctx.db).await?;
    Ok(())
}

/// The latest lock among the kind's windows, counting every attempt on record but `own` (those
/// still being compared included), as `(until, scope)`.
pub(super) async fn lock(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: &str,
    own: Option<Uuid>,
    now: DateTime<Utc>,
) -> ServiceResult<Option<(DateTime<Utc>, Scope)>> {
    let rules = kind.rules();
    let since = now - Duration::hours(48);
    let rows = |by_subject: bool| {
        let mut query = attempt::Entity::find()
            .filter(attempt::Column::Kind.eq(kind.as_str()))
            .filter(attempt::Column::CreatedAt.gt(since));
        query = if by_subject {
            query.filter(attempt::Column::Subject.eq(subject))
        } else {
            query.filter(attempt::Column::ClientAddr.eq(client))
        };
        if let Some(own) = own {
            query = query.filter(attempt::Column::Id.ne(own));
        }
        query.all(&ctx.db)
    };
    let by_address = if rules.pair.is_some() || rules.address.is_some() { rows(false).await? } else { Vec::new() };
    let by_subject = if rules.subject.is_some() { rows(true).await? } else { Vec::new() };
    let times = |rows: &[attempt::Model], only_subject: bool| -> Vec<DateTime<Utc>> {
        rows.iter().filter(|r| !only_subject || r.subject == subject).map(|r| r.created_at).collect()
    };
    let windows = [
        (rules.pair, times(&by_address, true), Scope::Pair),
        (rules.subject, times(&by_subject, false), Scope::Subject),
        (rules.address, times(&by_address, false), Scope::Address),
    ];
    Ok(windows
        .into_iter()
        .filter_map(|(rule, failures, scope)| locked_until(rule?, &failures, now).map(|until| (until, scope)))
        .max_by_key(|(until, _)| *until))
}

/// The 429 a lock answers with: the kind's sentence and how long to wait.
pub(super) fn too_many(kind: AttemptKind, until: DateTime<Utc>, scope: Scope, now: DateTime<Utc>) -> ServiceError {
    let wait = (until - now).num_seconds().max(1) as u64;
    ServiceError::TooMany {
        message: format!("{} {} and try again.", kind.sentence(scope), human_wait(wait)),
        retry_after: wait,
    }
}

fn human_wait(seconds: u64) -> String {
    match seconds {
        0..=90 => "a minute".to_owned(),
        91..=5399 => format!("{} minutes", seconds.div_ceil(60)),
        _ => format!("{} hours", seconds.div_ceil(3600)),
    }
}

/// Whether the subject's own window locks at `now` with exactly these failures on record.
pub(super) fn subject_locks(kind: AttemptKind, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> bool {
    kind.rules().subject.is_some_and(|rule| locked_until(rule, failures, now).is_some())
}

/// The failures on record for a subject, with their ids (for telling when a lock has just begun).
pub(super) async fn subject_failures(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<(Uuid, DateTime<Utc>)>> {
    Ok(attempt::Entity::find()
        .filter(attempt::Column::Kind.eq(kind.as_str()))
        .filter(attempt::Column::Subject.eq(subject))
        .filter(attempt::Column::CreatedAt.gt(now - Duration::hours(48)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.created_at))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_per_64_and_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        assert_eq!(client_key("::ffff:203.0.113.5".parse().expect("ip")), "203.0.113.5");
        assert_eq!(client_key("198.51.100.1".parse().expect("ip")), "198.51.100.1");
    }

    #[test]
    fn every_lock_says_what_to_do() {
        let now = Utc::now();
        for kind in [
            AttemptKind::Pin,
            AttemptKind::GalleryPassword,
            AttemptKind::SignIn,
            AttemptKind::Lookup,
            AttemptKind::EmailRequest,
            AttemptKind::MailTo,
            AttemptKind::ShareFromLink,
            AttemptKind::ShareLinkMade,
            AttemptKind::ShareFromGallery,
            AttemptKind::SlugTaken,
        ] {
            for scope in [Scope::Pair, Scope::Subject, Scope::Address] {
                let ServiceError::TooMany { message, retry_after } =
                    too_many(kind, now + Duration::minutes(14), scope, now)
                else {
                    panic!("not a 429");
                };
                assert!(
                    message.ends_with("Wait 14 minutes and try again.") || message.contains(", or wait 14 minutes"),
                    "{message}"
                );
                assert_eq!(retry_after, 14 * 60);
            }
        }
    }
}
