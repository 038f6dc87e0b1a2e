//! Which images an actor sees tiles of, as conditions on an image's own row: what lets a page of
//! a 10,000-photo gallery be read from the database a page at a time (and counted per set)
//! instead of loading every image to ask [`decide`](super::decide) one by one. It says exactly
//! what `decide(actor, ViewRendition { image }, facts)` says (a property test holds the two
//! together); the backend still asks `decide` of every image it returns.

use super::facts::{GalleryFacts, ImageFacts, ImageState, previews_watermarked};
use super::visitor::Scope;
use super::{Action, Actor, admit};
use crate::ids::SetId;

/// The images of a gallery `actor` may see, as row conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Which images by where they sit.
    pub reach: Reach,
    /// Deleted images are left out (only their owner sees those, to restore them, and a buyer
    /// the ones they bought).
    pub live_only: bool,
    /// Only images whose watermarked previews are made (visitors of a gallery whose previews
    /// carry the mark never see a clean one in its place).
    pub watermarked_only: bool,
    /// Only images the actor bought a licence for (an order's link).
    pub bought_only: bool,
}

/// Which images by their set or package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// None at all (the gallery is closed to the actor).
    Nothing,
    /// Every set's images and the unassigned ones.
    Gallery,
    /// Only these sets' images (never unassigned ones).
    Sets(Vec<SetId>),
    /// Only the images of the link's delivery set.
    Delivery,
}

impl Listing {
    /// Whether an image with these facts is listed: always what `decide` answers for viewing it.
    pub fn admits(&self, image: &ImageFacts) -> bool {
        let placed = match &self.reach {
            Reach::Nothing => false,
            Reach::Gallery => true,
            Reach::Sets(sets) => image.set.is_some_and(|set| sets.contains(&set)),
            Reach::Delivery => image.in_delivery,
        };
        placed
            && image.state == ImageState::Ready
            && !(self.live_only && image.deleted)
            && (!self.watermarked_only || image.watermarked)
            && (!self.bought_only || image.bought.any())
    }

    fn nothing() -> Self {
        Self { reach: Reach::Nothing, live_only: true, watermarked_only: false, bought_only: false }
    }
}

/// What `actor` may see tiles of in a gallery described by `facts`.
pub fn listing(actor: &Actor, facts: &GalleryFacts) -> Listing {
    match actor {
        // Gate 0 of `decide`: a deleted gallery is gone for its owner too (visitors meet it in
        // `admit`).
        Actor::Owner if facts.deleted => Listing::nothing(),
        Actor::Owner => {
            Listing { reach: Reach::Gallery, live_only: false, watermarked_only: false, bought_only: false }
        }
        // What was bought stays the buyer's, deleted from the gallery since or not.
        Actor::Buyer => Listing { reach: Reach::Gallery, live_only: false, watermarked_only: false, bought_only: true },
        // A package's images are the photographer's finals: shown clean.
        Actor::Visitor(visitor) if matches!(visitor.link.scope, Scope::Delivery(_)) => {
            if super::delivery::admit(visitor, facts).is_some() {
                return Listing::nothing();
            }
            Listing { reach: Reach::Delivery, live_only: true, watermarked_only: false, bought_only: false }
        }
        Actor::Visitor(visitor) => {
            if admit(visitor, facts).is_some() {
                return Listing::nothing();
            }
            let reach = match &visitor.link.scope {
                Scope::Gallery => Reach::Gallery,
                Scope::Sets(sets) => Reach::Sets(sets.clone()),
                Scope::Delivery(_) => Reach::Delivery,
            };
            Listing { reach, live_only: true, watermarked_only: previews_watermarked(facts), bought_only: false }
        }
    }
}

/// Asked of every image a listing returns, so a row the conditions let through by mistake is
/// still never shown.
pub fn may_view(actor: &Actor, image: ImageFacts, facts: &GalleryFacts) -> bool {
    super::decide(actor, Action::ViewRendition { image }, facts).is_allowed()
}
