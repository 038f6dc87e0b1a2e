//! What the server knows about a gallery, and about one image, at the time of a request: the
//! stored settings plus the few counts the policy needs. Built on the server from the database;
//! the browser gets a copy only to hide what the server would refuse anyway.

use super::sizes::DownloadSize;
use super::sizes::{OfferedSizes, RoleRights};
use super::switches::Switches;
use crate::gallery::GalleryStatus;
use crate::ids::SetId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the server knows about the gallery at the time of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryFacts {
    pub status: GalleryStatus,
    pub expires_at: Option<DateTime<Utc>>,
    /// The time of the request (the policy reads no clock).
    pub now: DateTime<Utc>,
    /// A gallery password is set (its hash never leaves the server).
    pub has_password: bool,
    /// The switches as stored; [`super::effective_switches`] applies store mode.
    pub switches: Switches,
    pub store_mode: bool,
    /// "Anyone with the gallery address can view as a guest": the public link is on. Off for new
    /// galleries, so only access links open them.
    pub public_link: bool,
    pub downloads: DownloadFacts,
    /// What the browser said about the request itself.
    pub request: RequestFacts,
}

/// What the browser said about the request itself (never trusted to grant anything: it can only
/// make the policy refuse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequestFacts {
    /// The browser marked the request as started by another site (`Sec-Fetch-Site: cross-site`
    /// or `same-site`): a page elsewhere sent the visitor here with their cookies.
    pub cross_site: bool,
}

impl GalleryFacts {
    /// A gallery with every setting at its default: no password, the default switches (downloads
    /// off), no store mode, the public link off, default download settings; a same-site request.
    pub fn new(status: GalleryStatus, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        Self {
            status,
            expires_at,
            now,
            has_password: false,
            switches: Switches::default(),
            store_mode: false,
            public_link: false,
            downloads: DownloadFacts::default(),
            request: RequestFacts::default(),
        }
    }
}

/// The gallery's download settings and the high-res quota's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadFacts {
    pub sizes: OfferedSizes,
    pub rights: RoleRights,
    /// Free high-res downloads shared by all main clients together; `None`: no limit.
    pub high_res_quota: Option<u32>,
    /// Distinct images already counted against the quota.
    pub quota_used: u32,
    /// A download PIN is set (the PIN itself never leaves the server).
    pub pin_set: bool,
    /// Visitors give an email before their first download.
    pub email_tracking: bool,
    /// Sets with "allow downloads" on, in gallery order. Any at all puts the gallery in set
    /// download mode.
    pub download_sets: Vec<SetId>,
}

impl DownloadFacts {
    /// Whether the gallery is in set download mode: only images of enabled sets can be
    /// downloaded, unassigned ones never.
    pub fn set_mode(&self) -> bool {
        !self.download_sets.is_empty()
    }

    /// Whether an image in `set` can be downloaded as far as set download mode is concerned.
    pub fn set_allows(&self, set: Option<SetId>) -> bool {
        !self.set_mode() || set.is_some_and(|set| self.download_sets.contains(&set))
    }
}

impl Default for DownloadFacts {
    /// Original, 4K and HD offered, [`RoleRights::default`], no quota, no PIN, email tracking on
    /// (the spec's default), no set download mode.
    fn default() -> Self {
        Self {
            sizes: OfferedSizes::default(),
            rights: RoleRights::default(),
            high_res_quota: None,
            quota_used: 0,
            pin_set: false,
            email_tracking: true,
            download_sets: Vec::new(),
        }
    }
}

/// Where an image's renditions stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ImageState {
    /// Rendered: its previews exist.
    #[default]
    Ready,
    /// Uploaded, its renditions not made yet (any that exist may be half written).
    Processing,
    /// Its renditions could not be made.
    Failed,
}

/// The licence sizes one buyer bought for one image (store mode): a small set of
/// [`DownloadSize`] kinds (a custom size counts as the gallery's current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Bought(u8);

impl Bought {
    const fn bit(size: DownloadSize) -> u8 {
        match size {
            DownloadSize::Original => 1,
            DownloadSize::FourK => 2,
            DownloadSize::Hd => 4,
            DownloadSize::CustomWeb { .. } => 8,
            DownloadSize::CustomBox { .. } => 16,
        }
    }

    /// With `size` bought too.
    #[must_use]
    pub const fn with(self, size: DownloadSize) -> Self {
        Self(self.0 | Self::bit(size))
    }

    /// Whether a licence for `size` was bought.
    pub const fn covers(self, size: DownloadSize) -> bool {
        self.0 & Self::bit(size) != 0
    }

    /// Whether anything was bought.
    pub const fn any(self) -> bool {
        self.0 != 0
    }
}

/// What the server knows about one image, as the visitor asking sees it. Built by the backend in
/// one place, for a whole page at a time (`visitor::reach`); the browser builds the same from
/// the page's data to hide what would be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ImageFacts {
    /// The image's set; `None`: unassigned.
    pub set: Option<SetId>,
    pub state: ImageState,
    /// Deleted (restorable by its photographer for a while): theirs alone to see.
    pub deleted: bool,
    /// The original has moved to cold storage (thumbnails and previews stay).
    pub archived: bool,
    /// The image already counts against the high-res quota, so it is free again for every main
    /// client.
    pub already_counted: bool,
    /// The image is in the delivery set the visitor's link is for.
    pub in_delivery: bool,
    /// The licences this visitor (as a buyer) bought for it.
    pub bought: Bought,
}

impl ImageFacts {
    /// A ready, live, uncounted image in `set`.
    pub fn in_set(set: Option<SetId>) -> Self {
        Self { set, ..Self::default() }
    }
}

/// The switches in force: the stored ones, with store mode's overrides. In store mode selects,
/// comments, annotations, free downloads and compare are off; sharing and contact sheets keep
/// their setting.
pub fn effective_switches(facts: &GalleryFacts) -> Switches {
    let stored = facts.switches;
    if !facts.store_mode {
        return stored;
    }
    Switches {
        selects: false,
        comments: false,
        annotations: false,
        downloads: false,
        compare: false,
        sharing: stored.sharing,
        contact_sheets: stored.contact_sheets,
    }
}

/// Whether visitors must give the gallery password: when one is set, except in store mode (a
/// shop stays open to buyers).
pub fn password_asked(facts: &GalleryFacts) -> bool {
    facts.has_password && !facts.store_mode
}

/// Whether downloads need the PIN: when one is set, except in store mode (purchases are
/// delivered from the order page instead).
pub fn pin_asked(facts: &GalleryFacts) -> bool {
    facts.downloads.pin_set && !facts.store_mode
}
