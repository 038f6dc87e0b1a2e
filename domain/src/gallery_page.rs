//! A client gallery a page at a time: the page a visitor is on (`?page=`, or the one holding
//! `?image=` or the start of `?set=`), the set tabs with where each set starts, and the numbers
//! a grid needs to load the pages around it. A page costs the same in a 100- or a 10,000-photo
//! gallery: the server renders one page, and the browser fetches the others as it scrolls.

use crate::card::{ImageCard, TileShape};
use crate::ids::{ImageId, SetId};
use serde::{Deserialize, Serialize};

/// Photos per page: a first screen on any device (15 rows of four on a desktop) and a page that
/// stays a few dozen KiB of HTML.
pub const PAGE_SIZE: u32 = 60;

/// A part of the gallery's order: one set, or the photos in no set ("More", listed last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SetKey {
    Set(SetId),
    Unassigned,
}

impl SetKey {
    /// The `id` of its heading on the page (the target of its tab).
    pub fn anchor(self) -> String {
        match self {
            Self::Set(id) => format!("set-{id}"),
            Self::Unassigned => "more".to_owned(),
        }
    }

    /// The key of an image in `set`.
    pub fn of(set: Option<SetId>) -> Self {
        set.map_or(Self::Unassigned, Self::Set)
    }
}

/// One set tab: its name, its photos, and where its first photo is in the gallery's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetTab {
    pub key: SetKey,
    pub name: String,
    pub count: u32,
    /// The position of its first photo among all the visitor sees (0-based).
    pub start: u32,
}

impl SetTab {
    /// The page its first photo is on.
    pub fn page(&self) -> u32 {
        self.start / PAGE_SIZE
    }
}

/// One page of the photos a visitor sees, in the gallery's order (set by set, then "More").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GalleryPage {
    /// 0-based.
    pub index: u32,
    /// Photos the visitor sees in the whole gallery.
    pub total: u32,
    pub images: Vec<ImageCard>,
    /// The photo just before this page and just after it (the lightbox's previous and next at
    /// the page's edges, before the neighbouring page is loaded).
    pub before: Option<ImageId>,
    pub after: Option<ImageId>,
    /// The shapes of the next page's photos, in order: while that page is fetched, the browser
    /// holds their room, so nothing below (the footer, the "More photos" link) moves when it
    /// arrives. Empty on the last page.
    #[serde(default)]
    pub next: Vec<TileShape>,
}

impl GalleryPage {
    /// How many pages the gallery has (at least one, even empty).
    pub fn page_count(&self) -> u32 {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }

    /// The position of this page's first photo in the gallery's order.
    pub fn start(&self) -> u32 {
        self.index * PAGE_SIZE
    }

    /// Whether another page follows.
    pub fn has_next(&self) -> bool {
        self.index + 1 < self.page_count()
    }
}

/// The range of positions `[start, end)` of page `index` in a gallery of `total` photos.
pub fn page_range(index: u32, total: u32) -> (u32, u32) {
    let start = index.saturating_mul(PAGE_SIZE).min(total);
    (start, start.saturating_add(PAGE_SIZE).min(total))
}

/// Which page a client page opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PageWanted {
    /// The first.
    #[default]
    First,
    /// A page by number (0-based; past the end means the last).
    Index(u32),
    /// The page holding this photo (a shared `?image=` link).
    Holding(ImageId),
    /// The page where this set starts.
    SetStart(SetKey),
}

impl PageWanted {
    /// From a page's query: `image` wins over `set`, which wins over `page` (1-based there, as
    /// people count). Unreadable values are ignored.
    pub fn from_query(page: Option<&str>, image: Option<&str>, set: Option<&str>) -> Self {
        if let Some(image) = image.and_then(|i| i.parse().ok()) {
            return Self::Holding(image);
        }
        if let Some(set) = set {
            if set == "more" {
                return Self::SetStart(SetKey::Unassigned);
            }
            if let Ok(id) = set.parse() {
                return Self::SetStart(SetKey::Set(id));
            }
        }
        match page.and_then(|p| p.parse::<u32>().ok()) {
            Some(n) if n > 1 => Self::Index(n - 1),
            _ => Self::First,
        }
    }

    /// From a page's whole query string (`image=…&page=2`, with or without its `?`).
    pub fn from_query_string(raw: &str) -> Self {
        let value = |key: &str| {
            raw.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        };
        Self::from_query(value("page"), value("image"), value("set"))
    }

    /// The query that opens this page again: `?image=…`, `?set=…`, `?page=n`, or nothing for
    /// the first. (Only what `from_query` reads: a way back can carry nothing else.)
    pub fn query(self) -> String {
        match self {
            Self::First => String::new(),
            Self::Index(index) => format!("?page={}", index + 1),
            Self::Holding(image) => format!("?image={image}"),
            Self::SetStart(SetKey::Unassigned) => "?set=more".to_owned(),
            Self::SetStart(SetKey::Set(set)) => format!("?set={set}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_page_is_opened_again_by_its_own_query_and_nothing_else() {
        let image = Uuid::from_u128(0x0193_a1b2_c3d4_7e5f_8a9b_0c1d_2e3f_4a5b);
        let wanted = PageWanted::from_query_string(&format!("?page=3&image={image}&next=//evil.example"));
        assert_eq!(wanted, PageWanted::Holding(ImageId(image)));
        assert_eq!(wanted.query(), format!("?image={image}"));
        assert_eq!(PageWanted::from_query_string("page=4").query(), "?page=4");
        assert_eq!(PageWanted::from_query_string("set=more").query(), "?set=more");
        assert_eq!(PageWanted::from_query_string("").query(), "");
        assert_eq!(PageWanted::from_query_string("image=<script>").query(), "");
    }

    #[test]
    fn pages_cover_every_position_once() {
        let total = 1_000;
        let mut next = 0;
        for index in 0..total / PAGE_SIZE + 1 {
            let (start, end) = page_range(index, total);
            assert_eq!(start, next);
            next = end;
        }
        assert_eq!(next, total);
        assert_eq!(page_range(99, 10), (10, 10), "past the end is empty");
    }

    #[test]
    fn the_query_says_which_page() {
        let image = ImageId(Uuid::from_u128(7));
        assert_eq!(PageWanted::from_query(Some("3"), None, None), PageWanted::Index(2));
        assert_eq!(PageWanted::from_query(Some("1"), None, None), PageWanted::First);
        assert_eq!(PageWanted::from_query(Some("x"), None, None), PageWanted::First);
        assert_eq!(
            PageWanted::from_query(Some("3"), Some(&image.to_string()), Some("more")),
            PageWanted::Holding(image)
        );
        assert_eq!(PageWanted::from_query(None, None, Some("more")), PageWanted::SetStart(SetKey::Unassigned));
    }

    #[test]
    fn page_counts() {
        let page = |total| GalleryPage { index: 0, total, images: vec![], before: None, after: None, next: vec![] };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(60).page_count(), 1);
        assert_eq!(page(61).page_count(), 2);
        assert!(page(61).has_next());
    }
}
