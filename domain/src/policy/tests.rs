//! Decision tables for the gates (status, link, expiry, password, set scope) and the proofing
//! actions, plus the row runner the download tables share. Each row: who asks, what, a tweak of
//! the default facts, and the expected answer.

use super::*;
use crate::gallery::GalleryStatus;
use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

pub(super) const S1: SetId = SetId(Uuid::from_u128(1));
pub(super) const S2: SetId = SetId(Uuid::from_u128(2));
pub(super) const S3: SetId = SetId(Uuid::from_u128(3));

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("valid date")
}

/// A published gallery with every default, but the public link on (so guests get in; rows about
/// the public link turn it off).
pub(super) fn published() -> GalleryFacts {
    let mut facts = GalleryFacts::new(GalleryStatus::Published, None, now());
    facts.public_link = true;
    facts
}

/// A visitor with `role` on a whole-gallery link, new to this session.
pub(super) fn visitor(role: Role) -> Actor {
    Actor::Visitor(VisitorAccess::new(AccessLink::new(role)))
}

/// A visitor with `role`, changed by `tweak`.
pub(super) fn visitor_with(role: Role, tweak: fn(&mut VisitorAccess)) -> Actor {
    let mut access = VisitorAccess::new(AccessLink::new(role));
    tweak(&mut access);
    Actor::Visitor(access)
}

/// A visitor with `role` who has already given an email this session, and holds the identity of
/// the person it belongs to (they started it in this browser).
pub(super) fn with_email(role: Role) -> Actor {
    visitor_with(role, |v| {
        v.session.email_given = true;
        v.session.person_joined = true;
    })
}

/// A visitor with `role` who typed an address that already belongs to someone in the gallery,
/// and has not opened the sign-in link yet.
pub(super) fn typed_email(role: Role) -> Actor {
    visitor_with(role, |v| v.session.email_given = true)
}

pub(super) fn guest() -> Actor {
    Actor::Visitor(VisitorAccess::guest())
}

pub(super) fn as_is(_: &mut GalleryFacts) {}

/// The expected answer; `Refused` names a part of the reason.
#[derive(Debug, Clone, Copy)]
pub(super) enum Expect {
    Allow,
    Hidden,
    Refused(&'static str),
    Needs(Need),
}

impl Expect {
    fn matches(self, got: &Decision) -> bool {
        match (self, got) {
            (Expect::Allow, Decision::Allow) => true,
            (Expect::Hidden, Decision::Deny(Denial::Hidden)) => true,
            (Expect::Refused(part), Decision::Deny(Denial::Refused(reason))) => reason.contains(part),
            (Expect::Needs(need), Decision::Needs(got)) => need == *got,
            _ => false,
        }
    }
}

pub(super) struct Row(pub &'static str, pub Actor, pub Action, pub fn(&mut GalleryFacts), pub Expect);

/// True when a refusal is at least two sentences: what happened, then what to do.
pub(super) fn says_why_and_what_to_do(reason: &str) -> bool {
    reason.ends_with('.') && reason.trim_end_matches('.').contains(". ")
}

/// Runs every row on `base()` tweaked, and reports every failing row at once.
pub(super) fn run(base: fn() -> GalleryFacts, rows: &[Row]) {
    let mut failures = Vec::new();
    for Row(name, actor, action, tweak, expect) in rows {
        let mut facts = base();
        tweak(&mut facts);
        let got = decide(actor, *action, &facts);
        if !expect.matches(&got) {
            failures.push(format!("{name}: expected {expect:?}, got {got:?}"));
        }
        if let Decision::Deny(Denial::Refused(reason)) = &got
            && !says_why_and_what_to_do(reason)
        {
            failures.push(format!("{name}: reason is not why + what to do: {reason:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

/// An image this visitor bought an HD licence for.
fn bought_hd() -> ImageFacts {
    ImageFacts { bought: Bought::default().with(DownloadSize::Hd), ..ImageFacts::default() }
}

const EXPIRED: &str = "This gallery has expired";
const REVOKED: &str = "This link has been revoked";
const LINK_EXPIRED: &str = "This link has expired";

#[test]
fn gate_table() {
    use Action::*;
    use Expect::*;
    let rendition = |set| ViewRendition { image: ImageFacts::in_set(set) };
    run(
        published,
        &[
            Row("owner sees a draft", Actor::Owner, ViewGallery, |f| f.status = GalleryStatus::Draft, Allow),
            Row("owner manages an expired gallery", Actor::Owner, ManageGallery, |f| f.expires_at = Some(now()), Allow),
            Row("owner is not asked the password", Actor::Owner, ViewGallery, |f| f.has_password = true, Allow),
            Row("guest sees a published gallery", guest(), ViewGallery, as_is, Allow),
            Row("guest sees a rendition", guest(), rendition(None), as_is, Allow),
            Row(
                "guest before expiry",
                guest(),
                ViewGallery,
                |f| f.expires_at = Some(now() + Duration::seconds(1)),
                Allow,
            ),
            Row("guest at expiry", guest(), ViewGallery, |f| f.expires_at = Some(now()), Refused(EXPIRED)),
            Row(
                "rendition after expiry",
                guest(),
                rendition(None),
                |f| f.expires_at = Some(now() - Duration::days(1)),
                Refused(EXPIRED),
            ),
            Row("draft is hidden", guest(), ViewGallery, |f| f.status = GalleryStatus::Draft, Hidden),
            Row("public link off: no guest", guest(), ViewGallery, |f| f.public_link = false, Hidden),
            Row("public link off: no guest rendition", guest(), rendition(None), |f| f.public_link = false, Hidden),
            Row(
                "public link off: hidden before the password",
                guest(),
                ViewGallery,
                |f| {
                    f.public_link = false;
                    f.has_password = true;
                },
                Hidden,
            ),
            Row(
                "public link off: links still open it",
                with_email(Role::ClientInvited),
                ViewGallery,
                |f| f.public_link = false,
                Allow,
            ),
            Row("draft rendition is hidden", guest(), rendition(Some(S1)), |f| f.status = GalleryStatus::Draft, Hidden),
            Row("guest never manages", guest(), ManageGallery, as_is, Hidden),
            Row("main client never manages", with_email(Role::MainClient), ManageGallery, as_is, Hidden),
            Row(
                "revoked link",
                visitor_with(Role::MainClient, |v| v.link.revoked = true),
                ViewGallery,
                as_is,
                Refused(REVOKED),
            ),
            Row(
                "revoked link, rendition",
                visitor_with(Role::Guest, |v| v.link.revoked = true),
                rendition(None),
                as_is,
                Refused(REVOKED),
            ),
            Row(
                "revoked link, select",
                visitor_with(Role::MainClient, |v| v.link.revoked = true),
                Select { image: ImageFacts::in_set(None) },
                as_is,
                Refused(REVOKED),
            ),
            Row(
                "revoked link to a draft",
                visitor_with(Role::Guest, |v| v.link.revoked = true),
                ViewGallery,
                |f| f.status = GalleryStatus::Draft,
                Hidden,
            ),
            Row(
                "expired link",
                visitor_with(Role::ClientInvited, |v| v.link.expires_at = Some(now())),
                ViewGallery,
                as_is,
                Refused(LINK_EXPIRED),
            ),
            Row(
                "link before expiry",
                visitor_with(Role::ClientInvited, |v| v.link.expires_at = Some(now() + Duration::hours(1))),
                ViewGallery,
                as_is,
                Allow,
            ),
            Row(
                "revoked wins over expired",
                visitor_with(Role::Guest, |v| {
                    v.link.revoked = true;
                    v.link.expires_at = Some(now() - Duration::hours(1));
                }),
                ViewGallery,
                as_is,
                Refused(REVOKED),
            ),
            Row(
                "link is checked before the gallery expiry",
                visitor_with(Role::Guest, |v| v.link.revoked = true),
                ViewGallery,
                |f| f.expires_at = Some(now()),
                Refused(REVOKED),
            ),
            Row("password asked for the page", guest(), ViewGallery, |f| f.has_password = true, Needs(Need::Password)),
            Row(
                "password asked for renditions",
                guest(),
                rendition(None),
                |f| f.has_password = true,
                Needs(Need::Password),
            ),
            Row(
                "password before the scope",
                visitor_with(Role::Guest, |v| v.link.scope = Scope::Sets(vec![S1])),
                rendition(Some(S2)),
                |f| f.has_password = true,
                Needs(Need::Password),
            ),
            Row(
                "password asked for selects",
                with_email(Role::MainClient),
                Select { image: ImageFacts::in_set(None) },
                |f| f.has_password = true,
                Needs(Need::Password),
            ),
            Row(
                "password once per session",
                visitor_with(Role::Guest, |v| v.session.password_unlocked = true),
                ViewGallery,
                |f| f.has_password = true,
                Allow,
            ),
            Row(
                "no password in store mode",
                guest(),
                ViewGallery,
                |f| {
                    f.has_password = true;
                    f.store_mode = true;
                },
                Allow,
            ),
            Row(
                "revoked before password",
                visitor_with(Role::Guest, |v| v.link.revoked = true),
                ViewGallery,
                |f| f.has_password = true,
                Refused(REVOKED),
            ),
            Row(
                "scoped link sees the gallery",
                visitor_with(Role::Guest, |v| v.link.scope = Scope::Sets(vec![S1])),
                ViewGallery,
                as_is,
                Allow,
            ),
            Row(
                "scoped link sees its set",
                visitor_with(Role::Guest, |v| v.link.scope = Scope::Sets(vec![S1, S2])),
                rendition(Some(S2)),
                as_is,
                Allow,
            ),
            Row(
                "scoped link, other set hidden",
                visitor_with(Role::Guest, |v| v.link.scope = Scope::Sets(vec![S1])),
                rendition(Some(S3)),
                as_is,
                Hidden,
            ),
            Row(
                "scoped link, unassigned hidden",
                visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S1])),
                rendition(None),
                as_is,
                Hidden,
            ),
            Row(
                "empty scope sees no image",
                visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(Vec::new())),
                rendition(Some(S1)),
                as_is,
                Hidden,
            ),
            Row("whole link sees unassigned", guest(), rendition(None), as_is, Allow),
        ],
    );
}

#[test]
fn proofing_table() {
    use Action::*;
    use Expect::*;
    let main = || with_email(Role::MainClient);
    let scoped = || visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S1]));
    run(
        published,
        &[
            Row("select", main(), Select { image: ImageFacts::in_set(Some(S1)) }, as_is, Allow),
            Row(
                "select needs an email",
                visitor(Role::MainClient),
                Select { image: ImageFacts::in_set(None) },
                as_is,
                Needs(Need::Email),
            ),
            Row(
                "select needs an email without tracking",
                guest(),
                Select { image: ImageFacts::in_set(None) },
                |f| f.downloads.email_tracking = false,
                Needs(Need::Email),
            ),
            Row(
                "selects off",
                main(),
                Select { image: ImageFacts::in_set(None) },
                |f| f.switches.selects = false,
                Refused("Selects are turned off"),
            ),
            Row(
                "selects off is refused before the email",
                visitor(Role::Guest),
                Select { image: ImageFacts::in_set(None) },
                |f| f.switches.selects = false,
                Refused("Selects are turned off"),
            ),
            Row(
                "selects in store mode",
                main(),
                Select { image: ImageFacts::in_set(None) },
                |f| f.store_mode = true,
                Refused("while this gallery is a shop"),
            ),
            Row("select outside the link", scoped(), Select { image: ImageFacts::in_set(Some(S2)) }, as_is, Hidden),
            Row(
                "select with a typed address of someone else",
                typed_email(Role::MainClient),
                Select { image: ImageFacts::in_set(None) },
                as_is,
                Needs(Need::SignInLink),
            ),
            Row(
                "lists with a typed address of someone else",
                typed_email(Role::Guest),
                SelectLists,
                as_is,
                Needs(Need::SignInLink),
            ),
            Row(
                "comment with a typed address of someone else",
                typed_email(Role::MainClient),
                Comment { image: ImageFacts::in_set(None) },
                as_is,
                Needs(Need::SignInLink),
            ),
            Row(
                "annotate with a typed address of someone else",
                typed_email(Role::MainClient),
                Annotate { image: ImageFacts::in_set(None) },
                |f| f.switches.annotations = true,
                Needs(Need::SignInLink),
            ),
            Row(
                "a refusal comes before the sign-in link",
                typed_email(Role::MainClient),
                Comment { image: ImageFacts::in_set(None) },
                |f| f.switches.comments = false,
                Refused("Comments are turned off"),
            ),
            Row("comment", main(), Comment { image: ImageFacts::in_set(None) }, as_is, Allow),
            Row(
                "comment needs an email",
                guest(),
                Comment { image: ImageFacts::in_set(None) },
                as_is,
                Needs(Need::Email),
            ),
            Row("select lists", main(), SelectLists, as_is, Allow),
            Row("select lists need an email", guest(), SelectLists, as_is, Needs(Need::Email)),
            Row("select lists in store mode", main(), SelectLists, |f| f.store_mode = true, Refused("shop")),
            Row(
                "annotation needs an email",
                guest(),
                Annotate { image: ImageFacts::in_set(None) },
                |f| f.switches.annotations = true,
                Needs(Need::Email),
            ),
            Row(
                "comments off",
                guest(),
                Comment { image: ImageFacts::in_set(None) },
                |f| f.switches.comments = false,
                Refused("Comments are turned off"),
            ),
            Row(
                "comments in store mode",
                main(),
                Comment { image: ImageFacts::in_set(None) },
                |f| f.store_mode = true,
                Refused("shop"),
            ),
            Row("comment outside the link", scoped(), Comment { image: ImageFacts::in_set(None) }, as_is, Hidden),
            Row(
                "annotations off by default",
                main(),
                Annotate { image: ImageFacts::in_set(None) },
                as_is,
                Refused("Annotations are turned off"),
            ),
            Row(
                "annotations on",
                main(),
                Annotate { image: ImageFacts::in_set(Some(S1)) },
                |f| f.switches.annotations = true,
                Allow,
            ),
            Row(
                "annotations in store mode",
                main(),
                Annotate { image: ImageFacts::in_set(None) },
                |f| {
                    f.switches.annotations = true;
                    f.store_mode = true;
                },
                Refused("shop"),
            ),
            Row(
                "annotate outside the link",
                scoped(),
                Annotate { image: ImageFacts::in_set(Some(S3)) },
                |f| f.switches.annotations = true,
                Hidden,
            ),
            Row("compare", guest(), Compare, as_is, Allow),
            Row("compare off", guest(), Compare, |f| f.switches.compare = false, Refused("comparisons are turned off")),
            Row("compare in store mode", main(), Compare, |f| f.store_mode = true, Refused("shop")),
            Row("contact sheet", guest(), ContactSheet, as_is, Allow),
            Row(
                "contact sheets off",
                guest(),
                ContactSheet,
                |f| f.switches.contact_sheets = false,
                Refused("Contact sheets are turned off"),
            ),
            Row("contact sheets stay in store mode", guest(), ContactSheet, |f| f.store_mode = true, Allow),
            Row("main client shares", visitor(Role::MainClient), Share, as_is, Allow),
            Row("guest cannot share", guest(), Share, as_is, Refused("Only the people this gallery was made for")),
            Row(
                "photographer-invited cannot share",
                visitor(Role::PhotographerInvited),
                Share,
                as_is,
                Refused("Only the people"),
            ),
            Row("client-invited cannot share", visitor(Role::ClientInvited), Share, as_is, Refused("Only the people")),
            Row(
                "sharing off",
                visitor(Role::MainClient),
                Share,
                |f| f.switches.sharing = false,
                Refused("Share links are turned off"),
            ),
            Row("sharing stays in store mode", visitor(Role::MainClient), Share, |f| f.store_mode = true, Allow),
            Row("a client's share opens the gallery", visitor(Role::ClientInvited), ViewGallery, as_is, Allow),
            Row(
                "a client's share rests while sharing is off",
                visitor(Role::ClientInvited),
                ViewGallery,
                |f| f.switches.sharing = false,
                Refused("turned sharing off"),
            ),
            Row(
                "a client's share rests for its photos too",
                visitor(Role::ClientInvited),
                ViewRendition { image: ImageFacts::in_set(None) },
                |f| f.switches.sharing = false,
                Refused("turned sharing off"),
            ),
            Row(
                "a client's share opens a shop that keeps sharing",
                visitor(Role::ClientInvited),
                ViewGallery,
                |f| f.store_mode = true,
                Allow,
            ),
            Row(
                "sharing off leaves the photographer's invitations open",
                visitor(Role::PhotographerInvited),
                ViewGallery,
                |f| f.switches.sharing = false,
                Allow,
            ),
            Row(
                "sharing off in store mode",
                visitor(Role::MainClient),
                Share,
                |f| {
                    f.switches.sharing = false;
                    f.store_mode = true;
                },
                Refused("Share links"),
            ),
            Row(
                "no shop, no cart",
                guest(),
                Buy { image: ImageFacts::in_set(None), size: None },
                as_is,
                Refused("does not sell"),
            ),
            Row(
                "shop: buy",
                guest(),
                Buy { image: ImageFacts::in_set(None), size: None },
                |f| f.store_mode = true,
                Allow,
            ),
            Row(
                "shop: buy outside the link",
                scoped(),
                Buy { image: ImageFacts::in_set(Some(S2)), size: None },
                |f| f.store_mode = true,
                Hidden,
            ),
            Row(
                "shop: a licence bought is not sold again",
                guest(),
                Buy { image: bought_hd(), size: Some(DownloadSize::Hd) },
                |f| f.store_mode = true,
                Refused("already bought"),
            ),
            Row(
                "shop: another size of a bought photo",
                guest(),
                Buy { image: bought_hd(), size: Some(DownloadSize::Original) },
                |f| f.store_mode = true,
                Allow,
            ),
            Row(
                "shop: a bought photo still has its Buy button",
                guest(),
                Buy { image: bought_hd(), size: None },
                |f| f.store_mode = true,
                Allow,
            ),
            Row(
                "shop: a whole-gallery licence bought is not sold again",
                visitor(Role::MainClient),
                BuyGallery { size: Some(DownloadSize::Hd), bought: bought_hd().bought },
                |f| f.store_mode = true,
                Refused("already bought"),
            ),
            Row(
                "shop: another whole-gallery licence",
                visitor(Role::MainClient),
                BuyGallery { size: Some(DownloadSize::Original), bought: bought_hd().bought },
                |f| f.store_mode = true,
                Allow,
            ),
        ],
    );
}

#[test]
fn owner_is_allowed_all_but_what_belongs_to_clients() {
    let deleted = ImageFacts { deleted: true, ..ImageFacts::in_set(None) };
    let allowed = [
        Action::ManageGallery,
        Action::ReadAllProofing,
        Action::ViewRendition { image: deleted },
        Action::Download { size: DownloadSize::Hd, image: ImageFacts { archived: true, ..ImageFacts::default() } },
    ];
    let clients = [
        Action::Select { image: ImageFacts::in_set(None) },
        Action::SelectLists,
        Action::Comment { image: ImageFacts::in_set(None) },
        Action::Annotate { image: ImageFacts::in_set(None) },
        Action::Share,
        Action::Buy { image: ImageFacts::in_set(None), size: None },
    ];
    let mut facts = published();
    facts.status = GalleryStatus::Draft;
    facts.store_mode = true;
    facts.has_password = true;
    facts.public_link = false;
    for action in allowed {
        assert_eq!(decide(&Actor::Owner, action, &facts), Decision::Allow, "{action:?}");
    }
    // An archived original is in the archive tier for the owner too: it is restored first (the
    // previews stay live).
    let archived = ImageFacts { archived: true, ..ImageFacts::default() };
    for size in [DownloadSize::Original, DownloadSize::CustomWeb { long_edge: 1200 }] {
        assert_eq!(
            decide(&Actor::Owner, Action::Download { size, image: archived }, &facts),
            Decision::Needs(Need::Restore)
        );
    }
    // Unfinished renditions are nobody's, the owner's neither (they may be half written).
    let processing = ImageFacts { state: ImageState::Processing, ..ImageFacts::in_set(None) };
    assert_eq!(
        decide(&Actor::Owner, Action::ViewRendition { image: processing }, &facts),
        Decision::Deny(Denial::Hidden)
    );
    for action in clients {
        match decide(&Actor::Owner, action, &facts) {
            Decision::Deny(Denial::Refused(reason)) => assert!(says_why_and_what_to_do(&reason), "{reason}"),
            other => panic!("{action:?}: {other:?}"),
        }
    }
    // A visitor never reads others' proofing, nor sees a deleted photo.
    assert_eq!(
        decide(&with_email(Role::MainClient), Action::ReadAllProofing, &published()),
        Decision::Deny(Denial::Hidden)
    );
    assert_eq!(
        decide(&with_email(Role::MainClient), Action::ViewRendition { image: deleted }, &published()),
        Decision::Deny(Denial::Hidden)
    );
}

#[test]
fn downloads_another_site_started_are_refused_for_everyone() {
    let mut facts = published();
    facts.switches.downloads = true;
    facts.downloads.email_tracking = false;
    facts.request.cross_site = true;
    let single = Action::Download { size: DownloadSize::Hd, image: ImageFacts::in_set(None) };
    let zip = Action::DownloadZip { size: DownloadSize::Hd, contents: ZipContents::All };
    for actor in [Actor::Owner, with_email(Role::MainClient), guest()] {
        for action in [single, zip] {
            match decide(&actor, action, &facts) {
                Decision::Deny(Denial::Refused(reason)) => {
                    assert!(reason.contains("another website") && says_why_and_what_to_do(&reason), "{reason}");
                }
                other => panic!("{actor:?} {action:?}: {other:?}"),
            }
        }
        // Viewing is not a download: previews and pages still open from a link elsewhere.
        assert_eq!(decide(&actor, Action::ViewGallery, &facts), Decision::Allow);
    }
    // A stranger still learns nothing: hidden stays hidden.
    let outside = visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S1]));
    let elsewhere = Action::Download { size: DownloadSize::Hd, image: ImageFacts::in_set(Some(S2)) };
    assert_eq!(decide(&outside, elsewhere, &facts), Decision::Deny(Denial::Hidden));
    facts.request.cross_site = false;
    assert_eq!(decide(&guest(), single, &facts), Decision::Allow);
}

#[test]
fn needs_have_prompts() {
    for need in
        [Need::Password, Need::Email, Need::SignInLink, Need::Purchase, Need::Pin, Need::Restore, Need::SwitchLink]
    {
        assert!(need.prompt().ends_with('.'), "{need:?}");
    }
}

/// A held link that no longer works leaves its holder a guest where the public link is on, and
/// nothing where it is off (the gate then refuses the link with its sentence).
#[test]
fn a_dead_link_leaves_a_guest_where_the_gallery_is_public() {
    let revoked = AccessLink { revoked: true, ..AccessLink::new(Role::MainClient) };
    let ended = AccessLink { expires_at: Some(now()), ..AccessLink::new(Role::MainClient) };
    let resting = AccessLink::new(Role::ClientInvited);
    let working = AccessLink::new(Role::MainClient);
    let mut public = published();
    public.public_link = true;
    public.switches.sharing = false;
    for dead in [&revoked, &ended, &resting] {
        assert_eq!(standing_link(dead.clone(), &public), (AccessLink::public(), true), "{dead:?}");
    }
    assert_eq!(standing_link(working.clone(), &public), (working.clone(), false));
    let mut private = public.clone();
    private.public_link = false;
    assert_eq!(standing_link(revoked.clone(), &private), (revoked, false));
    // Sharing on: a client's share works again, and stays what it is.
    public.switches.sharing = true;
    assert_eq!(standing_link(resting.clone(), &public), (resting, false));
}
