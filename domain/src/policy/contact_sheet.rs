//! Which images a contact sheet may list: those the visitor can see and, in set download mode,
//! only those of the sets open for download (never unassigned ones) — the sheet goes with what
//! the client may take. Set download mode is a way of downloading: with free downloads off (the
//! switch, or store mode, where photos are bought) the sheet lists all the visitor sees. The
//! owner's sheet lists everything.

use super::Actor;
use super::facts::{GalleryFacts, ImageFacts};
use super::{Action, Decision, decide};

/// Whether a contact sheet made for `actor` lists `image`: what they may see and, for a visitor
/// in set download mode, only what they may take. Whether they may make a sheet at all is
/// `Action::ContactSheet`.
pub fn contact_sheet_lists(actor: &Actor, image: ImageFacts, facts: &GalleryFacts) -> bool {
    let visible = decide(actor, Action::ViewRendition { image }, facts) == Decision::Allow;
    visible && (!contact_sheet_keeps_to_download_sets(actor, facts) || facts.downloads.set_allows(image.set))
}

/// Whether a contact sheet made for `actor` holds only the sets open for download: a visitor's,
/// while free downloads go by set (the dialog and a sheet with nothing on it say so).
pub fn contact_sheet_keeps_to_download_sets(actor: &Actor, facts: &GalleryFacts) -> bool {
    !matches!(actor, Actor::Owner) && super::facts::effective_switches(facts).downloads && facts.downloads.set_mode()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::GalleryStatus;
    use crate::ids::SetId;
    use crate::policy::{AccessLink, Role, Scope, VisitorAccess};
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    #[test]
    fn scope_and_set_download_mode_decide_the_sheet() {
        let (a, b) = (SetId(Uuid::from_u128(1)), SetId(Uuid::from_u128(2)));
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("date");
        let mut facts = GalleryFacts::new(GalleryStatus::Published, None, now);
        let whole = Actor::Visitor(VisitorAccess::new(AccessLink::new(Role::MainClient)));
        let scoped = Actor::Visitor(VisitorAccess::new(AccessLink {
            scope: Scope::Sets(vec![a]),
            ..AccessLink::new(Role::MainClient)
        }));
        let lists =
            |actor: &Actor, set, facts: &GalleryFacts| contact_sheet_lists(actor, ImageFacts::in_set(set), facts);
        facts.public_link = true;
        facts.switches.downloads = true;
        assert!([Some(a), Some(b), None].iter().all(|&s| lists(&whole, s, &facts)));
        assert!(lists(&scoped, Some(a), &facts));
        assert!(!lists(&scoped, Some(b), &facts) && !lists(&scoped, None, &facts));
        facts.downloads.download_sets = vec![b];
        assert!(lists(&whole, Some(b), &facts));
        assert!(!lists(&whole, Some(a), &facts), "a closed set is left out in set download mode");
        assert!(!lists(&whole, None, &facts), "unassigned photos too");
        assert!(lists(&Actor::Owner, None, &facts), "the owner's sheet lists everything");
        facts.switches.downloads = false;
        assert!(lists(&whole, Some(a), &facts) && lists(&whole, None, &facts), "no downloads, no set download mode");
        facts.switches.downloads = true;
        facts.store_mode = true;
        assert!(lists(&whole, Some(a), &facts) && lists(&whole, None, &facts), "in store mode photos are bought");
        facts.store_mode = false;
        let deleted = ImageFacts { deleted: true, ..ImageFacts::in_set(Some(b)) };
        assert!(!contact_sheet_lists(&whole, deleted, &facts), "a deleted photo is no visitor's");
        facts.status = GalleryStatus::Draft;
        assert!(!lists(&whole, Some(b), &facts), "nothing of a gallery the visitor cannot enter");
    }
}
