//! The download rules: single images, ZIPs, and the menu the UI builds from the same rules.
//!
//! A download is checked in this order, refusals before needs, so a visitor is never asked for
//! an email or a PIN only to be refused afterwards:
//! the link's scope (`Hidden`), a request another site started; in store mode only a bought
//! licence (else `Needs(Purchase)`); otherwise the downloads switch, the size being offered, the
//! role's right to that size, set download mode, the high-res quota; then `Needs(Email)` (email
//! tracking), `Needs(Pin)`, and last `Needs(Restore)` for an archived original.

use super::facts::{GalleryFacts, ImageFacts};
use super::facts::{effective_switches, pin_asked};
use super::role::Role;
use super::sizes::{DownloadRight, DownloadSize};
use super::visitor::{Scope, VisitorAccess};
use super::{Actor, Decision, Denial, Need, admit, refused, within_scope};
use crate::ids::SetId;
use crate::rendition::RenditionSize;
use serde::{Deserialize, Serialize};

/// What a ZIP holds. The caller streams only the entries [`super::Action::Download`] allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ZipContents {
    /// Every image the link covers ("Download all"; not offered in set download mode).
    All,
    /// One set.
    Set(SetId),
    /// The visitor's selects.
    Selects,
}

/// What the download menu offers: the same rules as [`super::decide`], answered for the whole
/// gallery so the UI shows only what the server would allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadMenu {
    /// The sizes this actor may download, in menu order. Empty: no download menu at all.
    pub sizes: Vec<DownloadSize>,
    /// Offer "Download all" (never in set download mode).
    pub all: bool,
    /// `None`: every set the visitor sees can be downloaded. `Some`: set download mode (or no
    /// downloads): only these sets, in gallery order, listed instead of "Download all".
    pub sets: Option<Vec<SetId>>,
    /// Offer "Download selects".
    pub selects: bool,
}

/// The sizes `actor` may download in this gallery, in menu order. The owner gets every offered
/// size. A visitor gets the offered sizes their role may take, and nothing while store mode is
/// on, downloads are off, or they cannot see the gallery yet (the password comes first). The
/// quota is per image (counted images stay free) and is left to [`super::decide`].
pub fn allowed_sizes(actor: &Actor, facts: &GalleryFacts) -> Vec<DownloadSize> {
    let offered = facts.downloads.sizes.list();
    match actor {
        Actor::Owner => offered,
        // A delivery link downloads from its package's page, never from the gallery's menu.
        Actor::Visitor(visitor)
            if admit(visitor, facts).is_none() && !matches!(visitor.link.scope, Scope::Delivery(_)) =>
        {
            offered.into_iter().filter(|&size| size_refusal(visitor, size, facts).is_none()).collect()
        }
        // A buyer downloads from the order page.
        Actor::Visitor(_) | Actor::Buyer => Vec::new(),
    }
}

/// The download menu for `actor`: sizes, and in set download mode the enabled sets within the
/// link's sets instead of "Download all".
pub fn download_menu(actor: &Actor, facts: &GalleryFacts) -> DownloadMenu {
    let sizes = allowed_sizes(actor, facts);
    if sizes.is_empty() {
        return DownloadMenu { sizes, all: false, sets: Some(Vec::new()), selects: false };
    }
    let downloads = &facts.downloads;
    let sets = downloads.set_mode().then(|| {
        downloads
            .download_sets
            .iter()
            .copied()
            .filter(|&set| match actor {
                Actor::Owner => true,
                Actor::Visitor(visitor) => visitor.link.scope.covers_set(set),
                Actor::Buyer => false,
            })
            .collect()
    });
    DownloadMenu { sizes, all: !downloads.set_mode(), sets, selects: effective_switches(facts).selects }
}

/// One image in one size, for a visitor already admitted to the gallery.
pub(super) fn decide_download(
    visitor: &VisitorAccess,
    size: DownloadSize,
    image: ImageFacts,
    facts: &GalleryFacts,
) -> Decision {
    if let Some(stop) = within_scope(visitor, image, facts).or_else(|| cross_site_refusal(facts)) {
        return stop;
    }
    // A shop: what was bought is downloaded (its size, this image, this buyer), nothing else.
    if facts.store_mode {
        return match (image.bought.covers(size), image.waits_for_restore(size)) {
            (false, _) => Decision::Needs(Need::Purchase),
            (true, true) => Decision::Needs(Need::Restore),
            (true, false) => Decision::Allow,
        };
    }
    size_refusal(visitor, size, facts)
        .or_else(|| {
            (!facts.downloads.set_allows(image.set)).then(|| {
                refused(
                    "Downloads are open only for some sets of this gallery, and this photo is not in one of them. Ask your photographer if you need it.",
                )
            })
        })
        .or_else(|| quota_refusal(visitor, size, image, facts))
        .or_else(|| needs_before_download(visitor, facts))
        .or_else(|| (image.waits_for_restore(size)).then_some(Decision::Needs(Need::Restore)))
        .unwrap_or(Decision::Allow)
}

/// A ZIP, for a visitor already admitted to the gallery. Per-image rules (set download mode for
/// "selects", the quota, archived originals) are the caller's per-entry checks.
pub(super) fn decide_zip(
    visitor: &VisitorAccess,
    size: DownloadSize,
    contents: ZipContents,
    facts: &GalleryFacts,
) -> Decision {
    let outside = match contents {
        ZipContents::Set(set) => (!visitor.link.scope.covers_set(set)).then_some(Decision::Deny(Denial::Hidden)),
        ZipContents::All | ZipContents::Selects => None,
    };
    outside
        .or_else(|| cross_site_refusal(facts))
        .or_else(|| size_refusal(visitor, size, facts))
        .or_else(|| zip_refusal(contents, facts))
        .or_else(|| needs_before_download(visitor, facts))
        .unwrap_or(Decision::Allow)
}

/// A download is logged and may spend the shared quota, so one that another website started
/// (with the visitor's cookies) is refused, for the owner too: downloads start from the gallery.
pub(super) fn cross_site_refusal(facts: &GalleryFacts) -> Option<Decision> {
    facts.request.cross_site.then(|| {
        refused(
            "This download was started from another website, so it was stopped. Open the gallery and download from there.",
        )
    })
}

fn zip_refusal(contents: ZipContents, facts: &GalleryFacts) -> Option<Decision> {
    match contents {
        ZipContents::All => facts.downloads.set_mode().then(|| {
            refused("This gallery offers downloads set by set. Choose one of the sets in the download menu.")
        }),
        ZipContents::Set(set) => (!facts.downloads.set_allows(Some(set))).then(|| {
            refused("Downloads are not open for this set. Choose one of the sets in the download menu, or ask your photographer.")
        }),
        ZipContents::Selects => (!effective_switches(facts).selects).then(|| {
            refused("Selects are turned off for this gallery, so there are none to download. Download the photos one by one instead.")
        }),
    }
}

/// Whether `size` is out of the visitor's reach in this gallery, whatever the image: store mode,
/// the downloads switch, the offered sizes, the role's right.
fn size_refusal(visitor: &VisitorAccess, size: DownloadSize, facts: &GalleryFacts) -> Option<Decision> {
    if facts.store_mode {
        return Some(refused(
            "Free downloads are not available while this gallery is a shop. Buy a licence for the photos you want to download.",
        ));
    }
    if !effective_switches(facts).downloads {
        return Some(refused(
            "Downloads are turned off for this gallery. Ask your photographer if you need the files.",
        ));
    }
    if !facts.downloads.sizes.offers(size) {
        return Some(refused(
            "This size is not offered in this gallery. Choose one of the sizes in the download menu.",
        ));
    }
    let right = facts.downloads.rights.of(visitor.link.role);
    if right.allows(size) {
        return None;
    }
    Some(refused(match right {
        DownloadRight::Neither => "Your link does not include downloads. Ask your photographer if you need the files.",
        DownloadRight::WebSize => {
            "Your link includes web-size downloads only. Choose a web size, or ask your photographer for high-res files."
        }
        DownloadRight::HighRes | DownloadRight::Both => {
            "Your link includes high-res downloads only. Choose a high-res size instead."
        }
    }))
}

/// The quota is shared by main clients only; an image already counted is free for all of them.
/// Whether two clients race for the last one is settled by the database, which then sends the
/// loser's request back here with the new count.
fn quota_refusal(
    visitor: &VisitorAccess,
    size: DownloadSize,
    image: ImageFacts,
    facts: &GalleryFacts,
) -> Option<Decision> {
    let quota = facts.downloads.high_res_quota?;
    let counts = visitor.link.role == Role::MainClient && size.is_high_res() && !image.already_counted;
    (counts && facts.downloads.quota_used >= quota).then(|| refused(&quota_spent(quota)))
}

/// The sentence for a photo refused because the free high-res downloads are all used.
pub fn quota_spent(quota: u32) -> String {
    format!(
        "{quota} of {quota} free high-res downloads have been used for this gallery. Photos already downloaded in high-res stay free; for this one choose a web size, or ask your photographer."
    )
}

/// The high-res quota for a ZIP, decided for the whole archive: `uncounted` is how many of its
/// images would count for the first time. A ZIP that would go over is refused whole, with the
/// number left, rather than cut short. (Its entries are checked one by one with the quota left
/// out, see [`without_quota`].)
pub fn zip_quota(actor: &Actor, size: DownloadSize, uncounted: u32, facts: &GalleryFacts) -> Decision {
    let Some(quota) = facts.downloads.high_res_quota else { return Decision::Allow };
    if !counts_against_quota(actor, size, facts) || uncounted == 0 {
        return Decision::Allow;
    }
    let left = quota.saturating_sub(facts.downloads.quota_used);
    if uncounted <= left {
        return Decision::Allow;
    }
    let photos = |n: u32| crate::words::photos(n.into());
    refused(&format!(
        "This download would use {} of your free high-res downloads, and {} left. Choose fewer photos (photos already downloaded in high-res stay free) or a web size.",
        photos(uncounted),
        if left == 1 { "there is 1".to_owned() } else { format!("there are {left}") }
    ))
}

/// Whether a download of an image not yet counted would count against the high-res quota: a main
/// client's high-res download in a gallery with a quota.
pub fn counts_against_quota(actor: &Actor, size: DownloadSize, facts: &GalleryFacts) -> bool {
    size.is_high_res() && shares_quota(actor, facts)
}

/// Whether `actor` shares the gallery's high-res quota: a main client in a gallery with one. They
/// see what is left, and which photos are already counted. A shop has no free downloads, so no
/// quota: what a buyer paid for is never counted against (nor refused by) the free ones.
pub fn shares_quota(actor: &Actor, facts: &GalleryFacts) -> bool {
    matches!(actor, Actor::Visitor(visitor)
        if visitor.link.role == Role::MainClient && !matches!(visitor.link.scope, Scope::Delivery(_)))
        && facts.downloads.high_res_quota.is_some()
        && !facts.store_mode
}

/// Whether `actor` sees which photos already count against the quota: the owner, and those who
/// share it.
pub fn sees_quota_count(actor: &Actor, facts: &GalleryFacts) -> bool {
    matches!(actor, Actor::Owner) || shares_quota(actor, facts)
}

/// The facts as `actor`'s browser is told them: the high-res quota and its count only to the
/// owner and main clients (a guest has no business knowing how much the main clients
/// downloaded). What is left out decides nothing for the others: only main clients are held to it.
pub fn facts_told_to(actor: &Actor, mut facts: GalleryFacts) -> GalleryFacts {
    let held_to_quota = match actor {
        Actor::Owner => true,
        Actor::Visitor(visitor) => visitor.link.role == Role::MainClient,
        Actor::Buyer => false,
    };
    if !held_to_quota {
        facts.downloads.high_res_quota = None;
        facts.downloads.quota_used = 0;
    }
    facts
}

/// Which file a preview rendition is served from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preview {
    /// The rendition as made.
    Clean,
    /// The same size with the studio's watermark burned in.
    Watermarked,
}

/// Which preview of `image` in `size` the actor may see, if any (the caller has checked
/// [`super::Action::ViewRendition`]). The screen and grid sizes are previews: visitors get them
/// watermarked where previews carry the watermark ([`super::previews_watermarked`]), a buyer clean
/// only what they paid for, the owner clean. HD and 4K are the HD and 4K downloads byte for byte, so they are previews only for
/// those who may take that download right now without spending the quota — the owner, a buyer
/// who bought it, a visitor the download rules allow — and then clean.
pub fn preview(actor: &Actor, size: RenditionSize, image: ImageFacts, facts: &GalleryFacts) -> Option<Preview> {
    let download = match size {
        RenditionSize::FourK => DownloadSize::FourK,
        RenditionSize::Hd => DownloadSize::Hd,
        RenditionSize::Screen | RenditionSize::Grid960 | RenditionSize::Grid640 | RenditionSize::Grid480 => {
            // A buyer (by an order link) sees clean only what the order paid for.
            let marked = match actor {
                Actor::Owner => false,
                // A package's images are the photographer's finals.
                Actor::Visitor(visitor) if matches!(visitor.link.scope, Scope::Delivery(_)) => false,
                Actor::Visitor(_) => super::previews_watermarked(facts),
                Actor::Buyer => !image.bought.any(),
            };
            return Some(if marked { Preview::Watermarked } else { Preview::Clean });
        }
    };
    let free_now = match actor {
        Actor::Owner => true,
        Actor::Buyer => {
            super::decide(actor, super::Action::Download { size: download, image }, facts) == Decision::Allow
        }
        Actor::Visitor(_) => {
            super::decide(actor, super::Action::Download { size: download, image }, facts) == Decision::Allow
                && (image.already_counted || !counts_against_quota(actor, download, facts))
        }
    };
    free_now.then_some(Preview::Clean)
}

/// The facts for checking a ZIP's entries one by one: the quota is [`zip_quota`]'s business.
pub fn without_quota(facts: &GalleryFacts) -> GalleryFacts {
    let mut facts = facts.clone();
    facts.downloads.high_res_quota = None;
    facts
}

/// Email before PIN: the email is asked once and then recorded with every download.
fn needs_before_download(visitor: &VisitorAccess, facts: &GalleryFacts) -> Option<Decision> {
    if facts.downloads.email_tracking && !visitor.session.email_given {
        return Some(Decision::Needs(Need::Email));
    }
    if pin_asked(facts) && !visitor.session.pin_verified {
        return Some(Decision::Needs(Need::Pin));
    }
    None
}
