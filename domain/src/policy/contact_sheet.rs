//! Which images a contact sheet may list: those the visitor can see and, in set download mode,
//! only those of the sets open for download (never unassigned ones) — the sheet goes with what
//! the client may take. The owner's sheet lists everything.

use super::facts::GalleryFacts;
use super::{Actor, admit};
use crate::ids::SetId;

/// Whether a contact sheet made for `actor` lists an image in `set` (`None`: unassigned).
/// Whether they may make a sheet at all is `Action::ContactSheet`.
pub fn contact_sheet_lists(actor: &Actor, set: Option<SetId>, facts: &GalleryFacts) -> bool {
    match actor {
        Actor::Owner => true,
        Actor::Visitor(visitor) => {
            admit(visitor, facts).is_none() && visitor.link.covers(set) && facts.downloads.set_allows(set)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::GalleryStatus;
    use crate::policy::{AccessLink, Role, VisitorAccess};
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    #[test]
    fn scope_and_set_download_mode_decide_the_sheet() {
        let (a, b) = (SetId(Uuid::from_u128(1)), SetId(Uuid::from_u128(2)));
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("date");
        let mut facts = GalleryFacts::new(GalleryStatus::Published, None, now);
        let whole = Actor::Visitor(VisitorAccess::new(AccessLink::new(Role::MainClient)));
        let scoped =
            Actor::Visitor(VisitorAccess::new(AccessLink { sets: Some(vec![a]), ..AccessLink::new(Role::MainClient) }));
        assert!([Some(a), Some(b), None].iter().all(|&s| contact_sheet_lists(&whole, s, &facts)));
        assert!(contact_sheet_lists(&scoped, Some(a), &facts));
        assert!(!contact_sheet_lists(&scoped, Some(b), &facts) && !contact_sheet_lists(&scoped, None, &facts));
        facts.downloads.download_sets = vec![b];
        assert!(contact_sheet_lists(&whole, Some(b), &facts));
        assert!(!contact_sheet_lists(&whole, Some(a), &facts), "a closed set is left out in set download mode");
        assert!(!contact_sheet_lists(&whole, None, &facts), "unassigned photos too");
        assert!(contact_sheet_lists(&Actor::Owner, None, &facts), "the owner's sheet lists everything");
        facts.status = GalleryStatus::Draft;
        assert!(!contact_sheet_lists(&whole, Some(b), &facts), "nothing of a gallery the visitor cannot enter");
    }
}
