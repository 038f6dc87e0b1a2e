//! The editor's Photos tab a page at a time: which photos are shown (`?show=` a set, the
//! unassigned ones, or all), which page (`?page=`, 1-based in the address), how many each set
//! holds, and the recently deleted ones. A wedding of 10,000 photos costs the editor one page of
//! tiles, never a 10,000-row list.

use crate::dto::{EditorImage, SetView};
use crate::gallery_page::SetKey;
use crate::ids::{DeliverySetId, GalleryId, ImageId, SetId};
use serde::{Deserialize, Serialize};

/// Tiles per editor page: enough to arrange a set at a glance, few enough to render at once.
pub const EDITOR_PAGE_SIZE: u32 = 100;

/// Recently deleted photos listed for undo (the newest first).
pub const DELETED_SHOWN: u32 = 60;

/// How many days a deleted photo stays in Recently deleted, to be brought back; then it is
/// removed for good (`backend::gallery::purge`).
pub const KEEP_DELETED_DAYS: u32 = 30;

/// Which photos the tab lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PhotoFilter {
    /// Every live photo in the gallery's order.
    #[default]
    All,
    /// One set's, or the photos in no set.
    Only(SetKey),
}

impl PhotoFilter {
    /// Reads `?show=`: a set id or `unassigned`; anything else shows all.
    pub fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("unassigned") => Self::Only(SetKey::Unassigned),
            Some(id) => id.parse::<SetId>().map_or(Self::All, |id| Self::Only(SetKey::Set(id))),
            None => Self::All,
        }
    }

    /// The `?show=` value, `None` for all.
    pub fn to_query(self) -> Option<String> {
        match self {
            Self::All => None,
            Self::Only(SetKey::Unassigned) => Some("unassigned".to_owned()),
            Self::Only(SetKey::Set(id)) => Some(id.to_string()),
        }
    }
}

/// How many live photos one set (or no set) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetCount {
    pub key: SetKey,
    pub count: u32,
}

/// One page of the Photos tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorPhotos {
    pub gallery: GalleryId,
    pub filter: PhotoFilter,
    /// 0-based.
    pub index: u32,
    /// Photos the filter matches.
    pub total: u32,
    /// The gallery's sets in order (to name them and move photos into them).
    pub sets: Vec<SetView>,
    pub cover: Option<ImageId>,
    /// Live photos per set, and in no set (sets without photos are left out).
    pub counts: Vec<SetCount>,
    pub images: Vec<EditorImage>,
    /// The newest deleted photos (at most `DELETED_SHOWN`), and how many there are in all.
    pub deleted: Vec<EditorImage>,
    pub deleted_total: u32,
    /// The gallery's delivery sets (to add ticked photos to one).
    pub deliveries: Vec<DeliveryName>,
}

/// A delivery set as a menu names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryName {
    pub id: DeliverySetId,
    pub name: String,
}

impl EditorPhotos {
    /// Pages the filter spans (at least one, so an empty set still has its page).
    pub fn pages(&self) -> u32 {
        self.total.div_ceil(EDITOR_PAGE_SIZE).max(1)
    }

    /// Live photos in the whole gallery.
    pub fn gallery_total(&self) -> u32 {
        self.counts.iter().map(|c| c.count).sum()
    }

    /// Live photos in `key`.
    pub fn count_of(&self, key: SetKey) -> u32 {
        self.counts.iter().find(|c| c.key == key).map_or(0, |c| c.count)
    }
}

/// The 0-based page asked for by `?page=` (1-based; missing or nonsense: the first), clamped to
/// the pages there are once `total` is known.
pub fn page_index(query: Option<&str>) -> u32 {
    query.and_then(|p| p.parse::<u32>().ok()).map_or(0, |p| p.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_address() {
        let id = SetId(uuid::Uuid::from_u128(7));
        for filter in [PhotoFilter::All, PhotoFilter::Only(SetKey::Unassigned), PhotoFilter::Only(SetKey::Set(id))] {
            assert_eq!(PhotoFilter::from_query(filter.to_query().as_deref()), filter);
        }
        assert_eq!(PhotoFilter::from_query(Some("nonsense")), PhotoFilter::All);
    }

    #[test]
    fn pages_are_counted_from_one_in_the_address() {
        assert_eq!(page_index(None), 0);
        assert_eq!(page_index(Some("1")), 0);
        assert_eq!(page_index(Some("3")), 2);
        assert_eq!(page_index(Some("0")), 0);
        assert_eq!(page_index(Some("x")), 0);
        let page = |total| EditorPhotos {
            gallery: GalleryId(uuid::Uuid::nil()),
            filter: PhotoFilter::All,
            index: 0,
            total,
            sets: vec![],
            cover: None,
            counts: vec![],
            images: vec![],
            deleted: vec![],
            deleted_total: 0,
            deliveries: vec![],
        };
        assert_eq!(page(0).pages(), 1);
        assert_eq!(page(100).pages(), 1);
        assert_eq!(page(101).pages(), 2);
        assert_eq!(page(10_000).pages(), 100);
    }
}
