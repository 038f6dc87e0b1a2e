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
    /// Its photographer deleted it (it can still be brought back for a while): gone for everyone
    /// (a gallery with orders is never deleted; their buyers would still reach their files).
    pub deleted: bool,
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
    /// The photographer asked for watermarked previews outside store mode too (store mode always
    /// watermarks: [`previews_watermarked`]).
    pub watermark_previews: bool,
    pub downloads: DownloadFacts,
    /// The delivery set a delivery link is for (`None` for every other actor).
    pub delivery: Option<DeliveryFacts>,
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
    /// A gallery with every setting at its default: not deleted, no password, the default switches (downloads
    /// off), no store mode, the public link off, default download settings; a same-site request.
    pub fn new(status: GalleryStatus, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        Self {
            status,
            deleted: false,
            expires_at,
            now,
            has_password: false,
            switches: Switches::default(),
            store_mode: false,
            public_link: false,
            watermark_previews: false,
            downloads: DownloadFacts::default(),
            delivery: None,
            request: RequestFacts::default(),
        }
    }
}

/// What the server knows of the delivery set a delivery link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryFacts {
    /// The sizes the package is delivered in (its own choice, not the gallery's).
    pub sizes: OfferedSizes,
    /// The package's last moment; `None`: no last day.
    pub ends_at: Option<DateTime<Utc>>,
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

/// The licence sizes one buyer bought for one image (store mode), exactly: a licence for a
/// 1,200 px web size grants that size and no other. Holds up to [`Bought::CAPACITY`] distinct
/// sizes (a price sheet sells at most `store::MAX_SIZES_PER_SHEET`, so one sheet always fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Bought([Option<DownloadSize>; Bought::CAPACITY]);

impl Bought {
    /// The most distinct sizes kept for one image.
    pub const CAPACITY: usize = 8;

    /// With `size` bought too (already there, or no room left: unchanged).
    #[must_use]
    pub fn with(mut self, size: DownloadSize) -> Self {
        if !self.covers(size)
            && let Some(free) = self.0.iter_mut().find(|slot| slot.is_none())
        {
            *free = Some(size);
        }
        self
    }

    /// Whether a licence for exactly `size` was bought.
    pub fn covers(self, size: DownloadSize) -> bool {
        self.0.contains(&Some(size))
    }

    /// Whether anything was bought.
    pub fn any(self) -> bool {
        self.0.iter().any(Option::is_some)
    }

    /// The sizes bought, in the order they were added.
    pub fn sizes(self) -> impl Iterator<Item = DownloadSize> {
        self.0.into_iter().flatten()
    }
}

/// What the server knows about one image, as the visitor asking sees it. Built by the backend in
/// one place, for a whole page at a time (`visitor::image_facts`); the browser builds the same
/// from the page's data to hide what would be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ImageFacts {
    /// The image's set; `None`: unassigned.
    pub set: Option<SetId>,
    pub state: ImageState,
    /// Deleted (restorable by its photographer for a while): theirs alone to see.
    pub deleted: bool,
    /// The original has moved to the archive tier and has no live copy (previews stay live).
    pub archived: bool,
    /// The image already counts against the high-res quota, so it is free again for every main
    /// client.
    pub already_counted: bool,
    /// The image is in the delivery set the visitor's link is for.
    pub in_delivery: bool,
    /// The licences this visitor (as a buyer) bought for it.
    pub bought: Bought,
    /// Its watermarked previews are made (what visitors see where previews carry the watermark).
    pub watermarked: bool,
}

impl ImageFacts {
    /// This size is in the archive tier only, so downloading it needs a restore first.
    pub const fn waits_for_restore(&self, size: DownloadSize) -> bool {
        self.archived && size.kept_with_original()
    }
}

impl Default for ImageFacts {
    /// A finished image (ready, its watermarked previews made), live, unassigned, not archived,
    /// uncounted, in no delivery set, not bought.
    fn default() -> Self {
        Self {
            set: None,
            state: ImageState::Ready,
            deleted: false,
            archived: false,
            already_counted: false,
            in_delivery: false,
            bought: Bought::default(),
            watermarked: true,
        }
    }
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

/// Whether visitors' previews carry the studio's watermark: always in store mode, elsewhere when
/// the photographer asked for it.
pub fn previews_watermarked(facts: &GalleryFacts) -> bool {
    facts.store_mode || facts.watermark_previews
}
