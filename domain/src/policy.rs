//! The access policy: one pure function decides what an actor may do in a gallery. Server
//! functions and byte routes ask it on every request; the UI asks it to hide what is not allowed.
//! Nothing here trusts what the browser says about itself: the actor and the facts are built on
//! the server from the session, the access link and the database.
//!
//! A visitor's request goes through the same gates in the same order, so the answer never
//! depends on which endpoint asked:
//! 0. a gallery its photographer deleted is `Hidden` to its owner, a delivery link and every
//!    visitor alike (a gallery with orders is never deleted, and buyers are not asked);
//! 1. managing the gallery is never a visitor's business: `Hidden`;
//! 2. a draft gallery is `Hidden` (a stranger learns nothing, not even that it exists), and so is
//!    a gallery whose public link is off to a guest (someone without an access link);
//! 3. a revoked link, then an expired link, then a client's share while sharing is off, then an
//!    expired gallery: `Refused` with a sentence (the visitor holds the link, so hiding it would
//!    only confuse them). Where the public link is on, a held link that no longer works leaves
//!    its holder a guest at the gallery's address, as anyone there is (`standing_link`); only
//!    the dead link's own address answers with its sentence;
//! 4. a gallery password not yet given this session: `Needs(Password)`, for every action, before
//!    anything else of the gallery (not even which images the link covers) is revealed;
//! 5. an image outside the link's sets: `Hidden`, for viewing and everything else;
//! 6. the action's own rules (switches, role, downloads), refusals before needs.
//!
//! A delivery link (`Scope::Delivery`) is not a way into the gallery: it goes through gates of
//! its own instead (`delivery`: the link, the package's last day, then its images and sizes), and
//! none of the gallery's visitor settings apply to it.
//!
//! Needs are asked in one fixed order: Password, then Email, then SignInLink, then Purchase, then
//! Pin, then Restore.
//!
//! The owner is allowed everything of their gallery but what belongs to clients (selects,
//! comments, annotations, sharing, buying: they answer those from the gallery's tabs) and
//! downloads another website started; they alone read everyone's proofing. A `Needs`
//! answer means "allowed once the visitor has done this"; every refusal has already been checked.

mod contact_sheet;
mod delivery;
mod downloads;
mod facts;
mod listing;
mod role;
mod sizes;
mod switches;
mod visitor;

#[cfg(test)]
mod download_tests;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use contact_sheet::{contact_sheet_keeps_to_download_sets, contact_sheet_lists};
pub use downloads::{
    DownloadMenu, Preview, ZipContents, allowed_sizes, counts_against_quota, download_menu, facts_told_to, preview,
    quota_spent, sees_quota_count, shares_quota, without_quota, zip_quota,
};
pub use facts::{
    Bought, DeliveryFacts, DownloadFacts, GalleryFacts, ImageFacts, ImageState, RequestFacts, effective_switches,
    password_asked, pin_asked, previews_watermarked,
};
pub use listing::{Listing, Reach, listing, may_view};
pub use role::Role;
pub use sizes::{DownloadRight, DownloadSize, OfferedSizes, RoleRights};
pub use switches::Switches;
pub use visitor::{AccessLink, Scope, VisitorAccess, VisitorSession};

use crate::gallery::GalleryStatus;
use crate::ids::SetId;
use serde::{Deserialize, Serialize};

/// Who is asking, as established by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// The signed-in studio that owns the gallery (see the module docs for what it may do).
    Owner,
    /// Anyone else: a visitor who arrived by an access link, with what their session has done.
    Visitor(VisitorAccess),
    /// The holder of an order's link (the buyer, from the order page): their paid licences are
    /// the images' `bought` facts, and those files are all the order reaches.
    Buyer,
}

/// What the actor wants to do. Per-image actions carry the image's facts (its set, state,
/// archive, quota, delivery and purchase facts), so every per-image rule is the policy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Open the gallery page.
    ViewGallery,
    /// See one set on the gallery page (its name, its section, its contact sheet part).
    ViewSet { set: SetId },
    /// See one image: its tile and the bytes of its preview renditions.
    ViewRendition { image: ImageFacts },
    /// Change the gallery: settings, sets, uploads, order, deletes, and read its engagement.
    ManageGallery,
    /// Download one image in one size.
    Download { size: DownloadSize, image: ImageFacts },
    /// Start a ZIP of many images in one size. The caller then checks each entry with
    /// [`Action::Download`] and leaves out what is not allowed.
    DownloadZip { size: DownloadSize, contents: ZipContents },
    /// Star an image (add it to one of the visitor's select lists).
    Select { image: ImageFacts },
    /// Read, make, rename or delete the visitor's own select lists (no image involved).
    SelectLists,
    /// Comment on an image.
    Comment { image: ImageFacts },
    /// Draw annotations on an image.
    Annotate { image: ImageFacts },
    /// Read every person's selects, comments and annotations (the photographer's tabs and
    /// threads); a visitor reads only their own.
    ReadAllProofing,
    /// Use the compare tray and the side-by-side view.
    Compare,
    /// Make a contact sheet PDF (of the images the link covers).
    ContactSheet,
    /// Make a client-invited link and send it on.
    Share,
    /// Put an image's licence for `size` into the cart (store mode); a licence the visitor
    /// already bought for it is not sold again. `size: None` asks whether the image is for sale
    /// to the visitor at all (its Buy button, before a licence is chosen).
    Buy { image: ImageFacts, size: Option<DownloadSize> },
    /// Put a whole-gallery bundle for `size` into the cart (store mode; only for links that see
    /// the whole gallery, since the bundle holds every photo). `bought`: the whole-gallery
    /// licences this visitor already bought (not sold again); `size: None` as for `Buy`.
    BuyGallery { size: Option<DownloadSize>, bought: Bought },
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allow,
    Deny(Denial),
    /// Allowed once the visitor has done this (nothing else stands in the way).
    Needs(Need),
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

/// What the visitor must do first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Need {
    /// Give the gallery password (once per session).
    Password,
    /// Give an email address (once per session): before a tracked download, a select, a comment
    /// or an annotation.
    Email,
    /// Prove the address: it already belongs to someone in this gallery (this visitor from
    /// another browser, or someone else), so this browser joins that person only through the
    /// sign-in link emailed to it.
    SignInLink,
    /// Give the download PIN (once per session).
    Pin,
    /// The original is in cold storage: the download becomes a restore request, answered by email.
    Restore,
    /// The gallery sells licences: this image in this size is downloaded after buying one.
    Purchase,
    /// Another site sent the browser to an access link of a gallery it already visits with
    /// another working link: it is asked before its link is replaced.
    SwitchLink,
}

impl Need {
    /// The sentence the UI shows when asking.
    pub const fn prompt(self) -> &'static str {
        match self {
            Self::Password => "Enter the gallery password to continue.",
            Self::Email => "Enter your email address to continue.",
            Self::SignInLink => {
                "This email address is already in use in this gallery. Open the sign-in link we emailed to it, on this device, to continue with your selects and comments."
            }
            Self::Pin => "Enter the download PIN your photographer gave you.",
            Self::Purchase => "This photo is for sale: buy a licence for it, then download it from your order.",
            Self::SwitchLink => {
                "You already have this gallery open with another link. Open it with the link you just followed instead? Your selects and comments stay as they are."
            }
            Self::Restore => {
                "This original is in the archive. Ask for it and we will email you a download link once it is restored."
            }
        }
    }
}

impl Decision {
    /// True when the action may go ahead.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// The link a visitor holding `held` stands on at the gallery's address: `held` while it works;
/// once it no longer does (revoked, ended, resting), the public link where that is on, since
/// anyone there is a guest. The second value says whether it fell back.
pub fn standing_link(held: AccessLink, facts: &GalleryFacts) -> (AccessLink, bool) {
    if facts.public_link && !held.works(facts::effective_switches(facts).sharing, facts.now) {
        (AccessLink::public(), true)
    } else {
        (held, false)
    }
}

/// Decides whether `actor` may do `action` in a gallery described by `facts`.
pub fn decide(actor: &Actor, action: Action, facts: &GalleryFacts) -> Decision {
    match actor {
        Actor::Owner => decide_for_owner(action, facts),
        Actor::Visitor(visitor) => decide_for_visitor(visitor, action, facts),
        Actor::Buyer => decide_for_buyer(action, facts),
    }
}

fn decide_for_owner(action: Action, facts: &GalleryFacts) -> Decision {
    // Gate 0 for the owner: they bring a deleted gallery back from the studio's Recently deleted
    // galleries, not from inside it.
    if facts.deleted {
        return Decision::Deny(Denial::Hidden);
    }
    match action {
        Action::Download { size, image } => downloads::cross_site_refusal(facts)
            .or_else(|| image.waits_for_restore(size).then_some(Decision::Needs(Need::Restore)))
            .unwrap_or(Decision::Allow),
        Action::DownloadZip { .. } => downloads::cross_site_refusal(facts).unwrap_or(Decision::Allow),
        Action::Select { .. } | Action::SelectLists | Action::Comment { .. } | Action::Annotate { .. } => refused(
            "Selects, comments and notes belong to your clients. Read and answer them from the gallery's Selects, Comments and Annotations tabs.",
        ),
        Action::Share => refused("Share links are made by your clients. Invite people from the gallery's Invite tab."),
        Action::Buy { .. } | Action::BuyGallery { .. } => {
            refused("This is your own shop: your clients buy from it. Preview it with a client's link.")
        }
        // Previews exist once rendered; a deleted photo stays the owner's to see (and restore).
        Action::ViewRendition { image } => {
            if image.state == ImageState::Ready {
                Decision::Allow
            } else {
                Decision::Deny(Denial::Hidden)
            }
        }
        Action::ViewGallery
        | Action::ViewSet { .. }
        | Action::ManageGallery
        | Action::ReadAllProofing
        | Action::Compare
        | Action::ContactSheet => Decision::Allow,
    }
}

fn decide_for_visitor(visitor: &VisitorAccess, action: Action, facts: &GalleryFacts) -> Decision {
    if matches!(action, Action::ManageGallery | Action::ReadAllProofing) {
        return Decision::Deny(Denial::Hidden);
    }

    // A delivery link reaches its package's images, nothing else of the gallery, by rules of
    // its own.
    if matches!(visitor.link.scope, Scope::Delivery(_)) {
        return delivery::decide(visitor, action, facts);
    }
    if let Some(stop) = admit(visitor, facts) {
        return stop;
    }
    let switches = effective_switches(facts);
    match action {
        // Answered above, before the gates; repeated so the match stays exhaustive.
        Action::ManageGallery | Action::ReadAllProofing => Decision::Deny(Denial::Hidden),
        Action::ViewGallery => Decision::Allow,
        Action::ViewSet { set } => {
            if visitor.link.scope.covers_set(set) { Decision::Allow } else { Decision::Deny(Denial::Hidden) }
        }
        Action::ViewRendition { image } => within_scope(visitor, image, facts).unwrap_or(Decision::Allow),
        // Selects, comments and annotations belong to a person (the photographer answers them and
        // lists them per person), so each needs that person's identity in this browser.
        Action::Select { image } => within_scope(visitor, image, facts)
            .or_else(|| feature(switches.selects, "Selects", facts))
            .or_else(|| person_needed(visitor))
            .unwrap_or(Decision::Allow),
        Action::SelectLists => {
            feature(switches.selects, "Selects", facts).or_else(|| person_needed(visitor)).unwrap_or(Decision::Allow)
        }
        Action::Comment { image } => within_scope(visitor, image, facts)
            .or_else(|| feature(switches.comments, "Comments", facts))
            .or_else(|| person_needed(visitor))
            .unwrap_or(Decision::Allow),
        Action::Annotate { image } => within_scope(visitor, image, facts)
            .or_else(|| feature(switches.annotations, "Annotations", facts))
            .or_else(|| person_needed(visitor))
            .unwrap_or(Decision::Allow),
        Action::Compare => feature(switches.compare, "Side-by-side comparisons", facts).unwrap_or(Decision::Allow),
        Action::ContactSheet => feature(switches.contact_sheets, "Contact sheets", facts).unwrap_or(Decision::Allow),
        Action::Share => feature(switches.sharing, "Share links", facts)
            .or_else(|| {
                (visitor.link.role != Role::MainClient).then(|| {
                    refused(
                        "Only the people this gallery was made for can share it. Ask them or your photographer to invite whoever you would like to show it to.",
                    )
                })
            })
            .unwrap_or(Decision::Allow),
        Action::Buy { image, size } => within_scope(visitor, image, facts)
            .or_else(|| not_a_shop(facts))
            .or_else(|| {
                bought_already(image.bought, size)
                    .then(|| refused("You already bought this licence for this photo. Download it from your order."))
            })
            .unwrap_or(Decision::Allow),
        Action::BuyGallery { size, bought } => not_a_shop(facts)
            .or_else(|| {
                (visitor.link.scope != Scope::Gallery).then(|| {
                    refused("Your link shows part of this gallery, so the whole-gallery licence is not offered. Buy the photos you see one by one.")
                })
            })
            .or_else(|| {
                bought_already(bought, size).then(|| {
                    refused("You already bought this licence for the whole gallery. Download the photos from your order.")
                })
            })
            .unwrap_or(Decision::Allow),
        Action::Download { size, image } => downloads::decide_download(visitor, size, image, facts),
        Action::DownloadZip { size, contents } => downloads::decide_zip(visitor, size, contents, facts),
    }
}

/// Gates 0 and 2–4 of the module docs: whether the visitor may be in the gallery at all. `None`
/// lets them in.
fn admit(visitor: &VisitorAccess, facts: &GalleryFacts) -> Option<Decision> {
    if facts.deleted || facts.status != GalleryStatus::Published {
        return Some(Decision::Deny(Denial::Hidden));
    }
    // Guests are those who came by the gallery's own address: with the public link off it is
    // as if the gallery did not exist for them.
    if visitor.link.role == Role::Guest && !facts.public_link {
        return Some(Decision::Deny(Denial::Hidden));
    }
    if let Some(reason) = visitor.link.refusal(facts.now) {
        return Some(refused(reason));
    }
    if visitor.link.rests(facts::effective_switches(facts).sharing) {
        return Some(refused(
            "The photographer has turned sharing off for this gallery, so links shared by their clients do not open it for now. Ask the photographer for a link of your own.",
        ));
    }
    if crate::links::has_ended(facts.expires_at, facts.now) {
        return Some(refused("This gallery has expired. Ask your photographer to extend it."));
    }
    if password_asked(facts) && !visitor.session.password_unlocked {
        return Some(Decision::Needs(Need::Password));
    }
    None
}

/// `Hidden` when the image is outside the link's scope, or not there for visitors (unfinished,
/// failed or deleted, or still without its watermark where previews carry one).
fn within_scope(visitor: &VisitorAccess, image: ImageFacts, facts: &GalleryFacts) -> Option<Decision> {
    let there = image.state == ImageState::Ready
        && !image.deleted
        && (image.watermarked || !facts::previews_watermarked(facts));
    (!there || !visitor.link.scope.covers(&image)).then_some(Decision::Deny(Denial::Hidden))
}

/// Whether the licence for `size` is among those `bought` (a licence is sold to a buyer once).
fn bought_already(bought: Bought, size: Option<DownloadSize>) -> bool {
    size.is_some_and(|size| bought.covers(size))
}

/// A refusal of buying where the gallery is not a shop.
fn not_a_shop(facts: &GalleryFacts) -> Option<Decision> {
    (!facts.store_mode)
        .then(|| refused("This gallery does not sell photos. Ask your photographer how to order prints or licences."))
}

/// The holder of an order's link reaches what the order bought, nothing else of the gallery:
/// the bought files (paid lines only make `bought`), and small previews of the bought images
/// for the order page. Whether the gallery is still published or has expired, or the photo was
/// deleted from it since, does not matter: what was paid for stays theirs (a deleted photo's
/// original is kept; the caller counts for it only what was bought for it by name).
fn decide_for_buyer(action: Action, facts: &GalleryFacts) -> Decision {
    let bought_and_there = |image: ImageFacts| image.bought.any() && image.state == ImageState::Ready;
    match action {
        Action::ViewRendition { image } if bought_and_there(image) => Decision::Allow,
        Action::Download { size, image } if bought_and_there(image) => downloads::cross_site_refusal(facts)
            .or_else(|| (!image.bought.covers(size)).then(|| refused("Your order does not include this photo in this size. Download the sizes listed on your order page.")))
            .or_else(|| (image.waits_for_restore(size)).then_some(Decision::Needs(Need::Restore)))
            .unwrap_or(Decision::Allow),
        _ => Decision::Deny(Denial::Hidden),
    }
}

/// `Needs(Email)` until the visitor has given an email address this session, then
/// `Needs(SignInLink)` until this browser holds the identity of the person it belongs to.
fn person_needed(visitor: &VisitorAccess) -> Option<Decision> {
    if !visitor.session.email_given {
        Some(Decision::Needs(Need::Email))
    } else if !visitor.session.person_joined {
        Some(Decision::Needs(Need::SignInLink))
    } else {
        None
    }
}

/// A refusal when a switch is off, saying whether the photographer or store mode turned it off.
/// `name` is plural ("Comments").
fn feature(on: bool, name: &str, facts: &GalleryFacts) -> Option<Decision> {
    if on {
        None
    } else if facts.store_mode {
        Some(refused(&format!(
            "{name} are not available while this gallery is a shop. Add the photos you like to your cart instead."
        )))
    } else {
        Some(refused(&format!("{name} are turned off for this gallery. Ask your photographer if you need them.")))
    }
}

fn refused(reason: &str) -> Decision {
    Decision::Deny(Denial::Refused(reason.to_owned()))
}
