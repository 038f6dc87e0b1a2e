//! The pages of a client gallery the browser holds: a run of neighbouring pages, starting with
//! the one the server rendered, grown as the visitor scrolls (or the lightbox moves past its
//! edges) and replaced when a link jumps far away. Photos are looked up here, not in one list of
//! the whole gallery.

use crate::api::client::client_gallery_page;
use domain::card::ImageCard;
use domain::gallery_page::{GalleryPage, PAGE_SIZE};
use domain::ids::ImageId;
use leptos::prelude::*;

/// One photo as the lightbox needs it: itself, where it is, and its neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub card: ImageCard,
    pub position: u32,
    pub prev: Option<ImageId>,
    pub next: Option<ImageId>,
}

/// The loaded pages (in order, without gaps) and what is on its way.
#[derive(Clone, Copy)]
pub struct GalleryPages {
    slug: StoredValue<String>,
    pub pages: RwSignal<Vec<GalleryPage>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl GalleryPages {
    pub fn new(slug: String, first: GalleryPage) -> Self {
        Self {
            slug: StoredValue::new(slug),
            pages: RwSignal::new(vec![first]),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Photos the visitor sees in the whole gallery.
    pub fn total(self) -> u32 {
        self.pages.with(|pages| pages.last().map_or(0, |p| p.total))
    }

    /// Whether a page comes before the first one loaded, and which.
    pub fn earlier(self) -> Option<u32> {
        self.pages.with(|pages| pages.first().and_then(|p| p.index.checked_sub(1)))
    }

    /// Whether a page comes after the last one loaded, and which.
    pub fn later(self) -> Option<u32> {
        self.pages.with(|pages| pages.last().filter(|p| p.has_next()).map(|p| p.index + 1))
    }

    /// The photo `id`, if a loaded page holds it.
    pub fn locate(self, id: ImageId) -> Option<Located> {
        self.pages.with(|pages| {
            let cards: Vec<(u32, &ImageCard)> = pages
                .iter()
                .flat_map(|p| p.images.iter().enumerate().map(move |(i, c)| (p.start() + i as u32, c)))
                .collect();
            let at = cards.iter().position(|(_, c)| c.id == id)?;
            let prev = match at {
                0 => pages.first().and_then(|p| p.before),
                _ => Some(cards[at - 1].1.id),
            };
            let next = cards.get(at + 1).map(|(_, c)| c.id).or_else(|| pages.last().and_then(|p| p.after));
            Some(Located { card: cards[at].1.clone(), position: cards[at].0, prev, next })
        })
    }

    /// Loads the page before the first one held.
    pub fn load_earlier(self) {
        if let Some(index) = self.earlier() {
            self.fetch(Some(index), None);
        }
    }

    /// Loads the page after the last one held.
    pub fn load_later(self) {
        if let Some(index) = self.later() {
            self.fetch(Some(index), None);
        }
    }

    /// Makes sure page `index` is held (a tab's set starts there).
    pub fn load_page(self, index: u32) {
        if !self.pages.with(|pages| pages.iter().any(|p| p.index == index)) {
            self.fetch(Some(index), None);
        }
    }

    /// Loads the page holding `id` unless it is held already (a `?image=` the grid has not
    /// reached: the lightbox's next photo at the edge of what is loaded).
    pub fn load_holding(self, id: ImageId) {
        if self.locate(id).is_none() {
            self.fetch(None, Some(id));
        }
    }

    fn fetch(self, index: Option<u32>, image: Option<ImageId>) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        let slug = self.slug.get_value();
        leptos::task::spawn_local(async move {
            let page = index.map(|i| (i + 1).to_string());
            match client_gallery_page(slug, page, image.map(|i| i.to_string())).await {
                Ok(page) => {
                    self.pages.update(|pages| merge(pages, page));
                    self.error.set(None);
                }
                Err(err) => self.error.set(Some(err.to_string())),
            }
            self.loading.set(false);
        });
    }
}

/// Adds `page` to the run: at either end when it is a neighbour, in place when it is held,
/// otherwise as the start of a new run (a jump far away).
fn merge(pages: &mut Vec<GalleryPage>, page: GalleryPage) {
    let (first, last) = match (pages.first(), pages.last()) {
        (Some(f), Some(l)) => (f.index, l.index),
        _ => return pages.push(page),
    };
    if let Some(held) = pages.iter_mut().find(|p| p.index == page.index) {
        *held = page;
    } else if page.index == last + 1 {
        pages.push(page);
    } else if page.index + 1 == first {
        pages.insert(0, page);
    } else {
        *pages = vec![page];
    }
}

/// The 1-based page number of the photo at `position`, as `?page=` says it.
pub fn page_number(position: u32) -> u32 {
    position / PAGE_SIZE + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(index: u32) -> GalleryPage {
        GalleryPage { index, total: 600, images: vec![], before: None, after: None, next: vec![] }
    }

    #[test]
    fn neighbours_join_the_run_and_a_jump_starts_a_new_one() {
        let mut pages = vec![page(3)];
        merge(&mut pages, page(4));
        merge(&mut pages, page(2));
        assert_eq!(pages.iter().map(|p| p.index).collect::<Vec<_>>(), [2, 3, 4]);
        merge(&mut pages, page(3));
        assert_eq!(pages.len(), 3, "a page already held is replaced, not repeated");
        merge(&mut pages, page(8));
        assert_eq!(pages.iter().map(|p| p.index).collect::<Vec<_>>(), [8]);
    }
}
