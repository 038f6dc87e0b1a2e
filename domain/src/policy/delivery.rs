//! A delivery link: one recipient's way into a delivery set, a private package of a gallery's
//! images with its own download sizes and last day. It reaches the package's images — their
//! previews, their files in the package's sizes, the package as one ZIP — and nothing else of the
//! gallery, by any route.
//!
//! A package is the photographer's deliberate hand-over, so it does not follow the gallery's
//! visitor settings: not its switches, store mode, publishing, expiry, password, PIN, email
//! tracking, role rights or high-res quota (the finals of a shop or of a closed proofing gallery
//! are delivered all the same). It follows what is true of the files: a deleted photo is gone, and
//! an archived original must be restored first (`Needs(Restore)`). The recipient's link can be
//! revoked or end, and the package has a last day; either stops every open page at its next
//! request, because the link and the package are read from the database on every request.

use super::downloads::{ZipContents, cross_site_refusal};
use super::facts::{DeliveryFacts, GalleryFacts, ImageFacts, ImageState};
use super::sizes::DownloadSize;
use super::visitor::VisitorAccess;
use super::{Action, Decision, Denial, Need, refused};

/// Whether the recipient's link still opens its package at `facts.now`: `None` lets them in.
/// A dead link or package is refused with a sentence (the recipient holds the link, so hiding
/// it would only confuse them); a link without its package's facts reaches nothing.
pub(super) fn admit(visitor: &VisitorAccess, facts: &GalleryFacts) -> Option<Decision> {
    let Some(delivery) = facts.delivery.as_ref().filter(|_| !facts.deleted) else {
        // No package, or its gallery deleted (gate 0: a package goes with its gallery).
        return Some(Decision::Deny(Denial::Hidden));
    };
    if let Some(reason) = visitor.link.refusal(facts.now) {
        return Some(refused(reason));
    }
    delivery
        .ends_at
        .is_some_and(|end| end <= facts.now)
        .then(|| refused("This delivery has ended. Ask your photographer to send it again."))
}

/// What a delivery link may do. See the module docs.
pub(super) fn decide(visitor: &VisitorAccess, action: Action, facts: &GalleryFacts) -> Decision {
    if let Some(stop) = admit(visitor, facts) {
        return stop;
    }
    let Some(delivery) = &facts.delivery else { return Decision::Deny(Denial::Hidden) };
    match action {
        // The delivery page.
        Action::ViewGallery => Decision::Allow,
        Action::ViewRendition { image } => outside_package(visitor, image).unwrap_or(Decision::Allow),
        Action::Download { size, image } => outside_package(visitor, image)
            .or_else(|| cross_site_refusal(facts))
            .or_else(|| size_refusal(delivery, size))
            .or_else(|| (image.waits_for_restore(size)).then_some(Decision::Needs(Need::Restore)))
            .unwrap_or(Decision::Allow),
        Action::DownloadZip { size, contents: ZipContents::All } => {
            cross_site_refusal(facts).or_else(|| size_refusal(delivery, size)).unwrap_or(Decision::Allow)
        }
        // Sets, selects, proofing, compare, contact sheets, sharing, buying, managing: none of
        // them is part of a package.
        _ => Decision::Deny(Denial::Hidden),
    }
}

/// `Hidden` unless the image is a finished, live image of the link's package.
fn outside_package(visitor: &VisitorAccess, image: ImageFacts) -> Option<Decision> {
    let there = image.state == ImageState::Ready && !image.deleted && visitor.link.scope.covers(&image);
    (!there).then_some(Decision::Deny(Denial::Hidden))
}

/// A refusal of a size the package is not delivered in.
fn size_refusal(delivery: &DeliveryFacts, size: DownloadSize) -> Option<Decision> {
    (!delivery.sizes.offers(size)).then(|| {
        let offered: Vec<String> = delivery.sizes.list().into_iter().map(DownloadSize::label).collect();
        refused(&format!(
            "This delivery comes in {}. Choose one of those sizes, or ask your photographer for another.",
            offered.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::GalleryStatus;
    use crate::ids::{DeliverySetId, SetId};
    use crate::policy::{AccessLink, Actor, Bought, OfferedSizes, Role, Scope, Switches, decide};
    use chrono::TimeZone;
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).single().expect("valid date")
    }

    /// A draft, expired, password-protected shop with every switch off: none of it matters.
    fn closed_gallery(sizes: OfferedSizes, ends_at: Option<DateTime<Utc>>) -> GalleryFacts {
        let mut facts = GalleryFacts::new(GalleryStatus::Draft, Some(now() - chrono::Duration::days(3)), now());
        facts.has_password = true;
        facts.store_mode = true;
        facts.switches = Switches {
            selects: false,
            comments: false,
            annotations: false,
            downloads: false,
            sharing: false,
            contact_sheets: false,
            compare: false,
        };
        facts.downloads.pin_set = true;
        facts.downloads.high_res_quota = Some(0);
        facts.delivery = Some(DeliveryFacts { sizes, ends_at });
        facts
    }

    fn recipient() -> Actor {
        let link = AccessLink {
            scope: Scope::Delivery(DeliverySetId(Uuid::from_u128(7))),
            ..AccessLink::new(Role::PhotographerInvited)
        };
        Actor::Visitor(VisitorAccess::new(link))
    }

    fn packed() -> ImageFacts {
        ImageFacts { in_delivery: true, ..ImageFacts::in_set(Some(SetId(Uuid::from_u128(1)))) }
    }

    fn hd_only() -> OfferedSizes {
        OfferedSizes { original: false, four_k: false, hd: true, custom_web: None, custom_box: None }
    }

    #[test]
    fn a_package_ignores_the_gallerys_visitor_settings() {
        let facts = closed_gallery(OfferedSizes::default(), None);
        let actor = recipient();
        assert_eq!(decide(&actor, Action::ViewGallery, &facts), Decision::Allow);
        assert_eq!(decide(&actor, Action::ViewRendition { image: packed() }, &facts), Decision::Allow);
        assert_eq!(
            decide(&actor, Action::Download { size: DownloadSize::Original, image: packed() }, &facts),
            Decision::Allow
        );
        let zip = Action::DownloadZip { size: DownloadSize::FourK, contents: ZipContents::All };
        assert_eq!(decide(&actor, zip, &facts), Decision::Allow);
    }

    #[test]
    fn nothing_outside_the_package_is_reached() {
        let facts = closed_gallery(OfferedSizes::default(), None);
        let actor = recipient();
        let outside = ImageFacts { in_delivery: false, ..packed() };
        let set = SetId(Uuid::from_u128(1));
        for action in [
            Action::ViewRendition { image: outside },
            Action::Download { size: DownloadSize::Hd, image: outside },
            Action::Download { size: DownloadSize::Hd, image: ImageFacts { deleted: true, ..packed() } },
            Action::ViewRendition { image: ImageFacts { state: ImageState::Processing, ..packed() } },
            Action::DownloadZip { size: DownloadSize::Hd, contents: ZipContents::Set(set) },
            Action::DownloadZip { size: DownloadSize::Hd, contents: ZipContents::Selects },
            Action::ViewSet { set },
            Action::Select { image: packed() },
            Action::SelectLists,
            Action::Comment { image: packed() },
            Action::Annotate { image: packed() },
            Action::Compare,
            Action::ContactSheet,
            Action::Share,
            Action::Buy { image: packed(), size: None },
            Action::BuyGallery { size: None, bought: Bought::default() },
            Action::ManageGallery,
            Action::ReadAllProofing,
        ] {
            assert_eq!(decide(&actor, action, &facts), Decision::Deny(Denial::Hidden), "{action:?}");
        }
        // Without its package's facts, a delivery link reaches nothing at all.
        let mut unknown = facts.clone();
        unknown.delivery = None;
        assert_eq!(decide(&actor, Action::ViewGallery, &unknown), Decision::Deny(Denial::Hidden));
    }

    #[test]
    fn only_the_packages_sizes_and_archived_originals_wait_for_a_restore() {
        let facts = closed_gallery(hd_only(), None);
        let actor = recipient();
        let download = |size, image| decide(&actor, Action::Download { size, image }, &facts);
        assert_eq!(download(DownloadSize::Hd, packed()), Decision::Allow);
        let Decision::Deny(Denial::Refused(reason)) = download(DownloadSize::Original, packed()) else {
            panic!("an original of an HD package must be refused")
        };
        assert!(reason.contains("This delivery comes in HD"), "{reason}");
        let zip = Action::DownloadZip { size: DownloadSize::FourK, contents: ZipContents::All };
        assert!(matches!(decide(&actor, zip, &facts), Decision::Deny(Denial::Refused(_))));

        let all = closed_gallery(OfferedSizes::default(), None);
        let archived = ImageFacts { archived: true, ..packed() };
        let download = |size| decide(&actor, Action::Download { size, image: archived }, &all);
        assert_eq!(download(DownloadSize::Original), Decision::Needs(Need::Restore));
        assert_eq!(download(DownloadSize::Hd), Decision::Allow, "previews stay live");
    }

    #[test]
    fn a_revoked_link_an_ended_package_and_another_site_are_refused() {
        let ended = closed_gallery(OfferedSizes::default(), Some(now()));
        let actor = recipient();
        let Decision::Deny(Denial::Refused(reason)) = decide(&actor, Action::ViewGallery, &ended) else {
            panic!("an ended package must be refused")
        };
        assert!(reason.contains("This delivery has ended"));
        let open = closed_gallery(OfferedSizes::default(), Some(now() + chrono::Duration::seconds(1)));
        assert_eq!(decide(&actor, Action::ViewGallery, &open), Decision::Allow);

        let Actor::Visitor(mut visitor) = recipient() else { unreachable!() };
        visitor.link.revoked = true;
        let revoked = Actor::Visitor(visitor);
        let download = Action::Download { size: DownloadSize::Hd, image: packed() };
        assert!(
            matches!(decide(&revoked, download, &open), Decision::Deny(Denial::Refused(r)) if r.contains("revoked"))
        );

        let mut cross_site = open.clone();
        cross_site.request.cross_site = true;
        assert!(matches!(decide(&actor, download, &cross_site), Decision::Deny(Denial::Refused(_))));
        assert_eq!(decide(&actor, Action::ViewRendition { image: packed() }, &cross_site), Decision::Allow);
    }
}
