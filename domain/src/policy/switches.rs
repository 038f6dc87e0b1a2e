//! The gallery's permission switches. Store mode never rewrites the stored switches: it overrides
//! them on the way into the policy (`facts::effective_switches`), so turning store mode off
//! restores exactly what the photographer had set.

use serde::{Deserialize, Serialize};

/// The per-gallery switches, as the photographer set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Switches {
    pub selects: bool,
    pub comments: bool,
    pub annotations: bool,
    /// The master switch for free downloads: when off, nothing else about downloads matters.
    pub downloads: bool,
    pub sharing: bool,
    pub contact_sheets: bool,
    pub compare: bool,
}

impl Default for Switches {
    /// The spec's defaults: selects, comments, sharing, contact sheets and compare on;
    /// annotations and downloads off.
    fn default() -> Self {
        Self {
            selects: true,
            comments: true,
            annotations: false,
            downloads: false,
            sharing: true,
            contact_sheets: true,
            compare: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::GalleryStatus;
    use crate::policy::{GalleryFacts, effective_switches, password_asked, pin_asked};
    use chrono::{TimeZone, Utc};

    fn facts() -> GalleryFacts {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("valid date");
        GalleryFacts::new(GalleryStatus::Published, None, now)
    }

    #[test]
    fn defaults_follow_the_spec() {
        let s = Switches::default();
        assert!(s.selects && s.comments && s.sharing && s.contact_sheets && s.compare);
        assert!(!s.annotations && !s.downloads);
        assert_eq!(effective_switches(&facts()), s, "outside store mode the stored switches apply");
    }

    #[test]
    fn store_mode_overrides_and_keeps_sharing_and_contact_sheets() {
        let all_on = Switches {
            selects: true,
            comments: true,
            annotations: true,
            downloads: true,
            sharing: true,
            contact_sheets: true,
            compare: true,
        };
        let all_off = Switches {
            selects: false,
            comments: false,
            annotations: false,
            downloads: false,
            sharing: false,
            contact_sheets: false,
            compare: false,
        };
        for stored in [all_on, all_off] {
            let mut f = facts();
            f.switches = stored;
            f.store_mode = true;
            let s = effective_switches(&f);
            assert!(!s.selects && !s.comments && !s.annotations && !s.downloads && !s.compare);
            assert_eq!((s.sharing, s.contact_sheets), (stored.sharing, stored.contact_sheets));
            // Turning store mode off gives back what was stored.
            f.store_mode = false;
            assert_eq!(effective_switches(&f), stored);
        }
    }

    #[test]
    fn store_mode_asks_neither_password_nor_pin() {
        let mut f = facts();
        f.has_password = true;
        f.downloads.pin_set = true;
        assert!(password_asked(&f) && pin_asked(&f));
        f.store_mode = true;
        assert!(!password_asked(&f) && !pin_asked(&f));
    }
}
