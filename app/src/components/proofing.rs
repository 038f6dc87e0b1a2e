//! The visitor's proofing state on one gallery page — their select lists and the active one, the
//! compare tray — shared by the grid, the lightbox and the header. Every change goes through a
//! server function by `Prompts::call`, which asks for the email (or the sign-in link) when the
//! server says it is needed and runs the change again once it is given.

use super::prompts::Prompts;
use crate::error::AppError;
use domain::card::ImageCard;
use domain::downloads::ClientAccess;
use domain::ids::{ImageId, SelectListId};
use domain::policy::{Action, ImageFacts};
use domain::rendition::RenditionSize;
use domain::selects::MySelects;
use leptos::prelude::*;
use std::future::Future;

/// How many photos the compare tray holds.
pub const TRAY_SIZE: usize = 6;

/// The proofing state of one gallery page.
#[derive(Clone, Copy)]
pub struct Proofing {
    access: StoredValue<ClientAccess>,
    /// The visitor's lists, as the server last answered.
    pub selects: RwSignal<MySelects>,
    /// The list stars go into (`None`: the first list, made on the first star).
    pub active_list: RwSignal<Option<SelectListId>>,
    /// Photos chosen for comparing, in the order they were added.
    pub tray: RwSignal<Vec<ImageCard>>,
    /// The two photos open side by side.
    pub comparing: RwSignal<Option<[ImageCard; 2]>>,
    /// What the visitor is asked for, and the name they sign with.
    pub prompts: Prompts,
}

impl Proofing {
    /// The state for a gallery page.
    pub fn new(access: ClientAccess, selects: MySelects, prompts: Prompts) -> Self {
        let active = selects.lists.first().map(|l| l.id);
        Self {
            access: StoredValue::new(access),
            selects: RwSignal::new(selects),
            active_list: RwSignal::new(active),
            tray: RwSignal::new(Vec::new()),
            comparing: RwSignal::new(None),
            prompts,
        }
    }

    /// The gallery's slug.
    pub fn slug(self) -> String {
        self.prompts.slug()
    }

    /// Whether the policy offers `action` to this visitor (needs are asked on use).
    pub fn offers(self, action: Action) -> bool {
        self.access.with_value(|access| access.offers(action))
    }

    /// Whether this visitor's contact sheet holds the sets open for download alone.
    pub fn sheet_keeps_to_download_sets(self) -> bool {
        self.access
            .with_value(|access| domain::policy::contact_sheet_keeps_to_download_sets(&access.actor, &access.facts))
    }

    /// What the policy knows of `card` for this visitor.
    pub fn facts(self, card: &ImageCard) -> ImageFacts {
        self.access.with_value(|access| access.image_facts(card))
    }

    /// The largest preview of `card` this visitor may see (compare zooms into it).
    /// The large previews (screen, HD, 4K) this visitor may see of `card`.
    pub fn large_previews(self, card: &ImageCard) -> Vec<RenditionSize> {
        self.access.with_value(|access| access.large_previews(card))
    }

    /// Whether the visitor is the gallery's photographer previewing it.
    pub fn is_owner(self) -> bool {
        self.access.with_value(|access| access.actor == domain::policy::Actor::Owner)
    }

    /// Runs a server call through the page's prompts (see `Prompts::call`).
    pub fn call<T, F, Fut, D>(self, op: F, done: D)
    where
        T: 'static,
        F: Fn() -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>> + 'static,
        D: Fn(T) + Clone + Send + Sync + 'static,
    {
        self.prompts.call(op, done);
    }

    /// Stars or un-stars `image` in the active list.
    pub fn toggle_star(self, image: ImageId) {
        let list = self.active_list.get_untracked();
        let on = !self.is_starred_untracked(image);
        self.call(
            move || crate::api::selects::star_image(image, list, on),
            move |mine: MySelects| {
                if self.active_list.get_untracked().is_none() {
                    self.active_list.set(mine.lists.first().map(|l| l.id));
                }
                self.selects.set(mine);
            },
        );
    }

    /// Whether `image` is in the active list (reactive).
    pub fn is_starred(self, image: ImageId) -> bool {
        let active = self.active_list.get();
        self.selects.with(|s| match active {
            Some(list) => s.in_list(list, image),
            None => false,
        })
    }

    fn is_starred_untracked(self, image: ImageId) -> bool {
        let active = self.active_list.get_untracked();
        self.selects.with_untracked(|s| active.is_some_and(|list| s.in_list(list, image)))
    }

    /// Adds a photo to the compare tray, or takes it out.
    pub fn toggle_tray(self, card: &ImageCard) {
        let card = card.clone();
        let mut pushed_out = None;
        self.tray.update(|tray| {
            if let Some(at) = tray.iter().position(|c| c.id == card.id) {
                tray.remove(at);
            } else {
                if tray.len() >= TRAY_SIZE {
                    pushed_out = Some(tray.remove(0));
                }
                tray.push(card);
            }
        });
        // The oldest photo makes room without a word on screen: said, so nobody wonders where
        // it went.
        if let Some(old) = pushed_out {
            self.prompts.announce(format!(
                "The compare tray holds {TRAY_SIZE} photos: {} left it to make room.",
                old.file_name
            ));
        }
    }

    /// Opens the side-by-side view of two photos, after the server agreed.
    pub fn compare(self, left: ImageId, right: ImageId) {
        self.call(
            move || crate::api::compare::compare_pair(left, right),
            move |pair: [ImageCard; 2]| self.comparing.set(Some(pair)),
        );
    }

    /// Shows another pair in the open side-by-side view, after the server agreed, then
    /// `shown` (on the next frame). A view closed while the server answered stays closed.
    pub fn replace_pair(self, left: ImageId, right: ImageId, shown: impl Fn() + Clone + Send + Sync + 'static) {
        self.call(
            move || crate::api::compare::compare_pair(left, right),
            move |pair: [ImageCard; 2]| {
                if self.comparing.with_untracked(Option::is_some) {
                    self.comparing.set(Some(pair));
                    request_animation_frame(shown.clone());
                }
            },
        );
    }
}
