//! The client grid: justified rows that keep every photo's aspect ratio, on a phone too (never a
//! crop). Each tile carries only its ratio (`--r`); the stylesheet sizes it from the row height,
//! so the space is reserved before anything loads (no layout shift). Tiles link to the lightbox
//! for their image (`?image=…`), so the grid works without JavaScript too.

use super::compare::CompareToggle;
use super::proofing::Proofing;
use super::selects::StarButton;
use super::shop::{BuyButton, Shop};
use domain::card::ImageCard;
use domain::ids::ImageId;
use domain::policy::Action;
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// One grid of images.
#[component]
pub fn ImageGrid(
    images: Vec<ImageCard>,
    #[prop(into)] base_href: String,
    /// How many tiles, from the first, load at once (the first screen); the rest load lazily.
    #[prop(optional)]
    eager: usize,
    /// The page's cover, whose tile reuses the cover's file where it can.
    #[prop(optional_no_strip)]
    cover: Option<ImageId>,
    /// The visitor's proofing tools (stars, compare) on each tile, when offered.
    #[prop(optional)]
    proofing: Option<Proofing>,
    /// The shop's "Buy" on each tile, in store mode.
    #[prop(optional)]
    shop: Option<Shop>,
) -> impl IntoView {
    let tiles = images
        .into_iter()
        .enumerate()
        .map(|(index, image)| {
            let srcset = if Some(image.id) == cover { image.cover_tile_srcset() } else { image.grid_srcset() };
            tile(image, base_href.clone(), index < eager, srcset, proofing, shop)
        })
        .collect_view();
    view! {
        <div class="grid">
            {tiles}
            // Keeps the last row from stretching.
            <span class="grid-filler" aria-hidden="true"></span>
        </div>
    }
}

fn tile(
    image: ImageCard,
    base_href: String,
    eager: bool,
    srcset: String,
    proofing: Option<Proofing>,
    shop: Option<Shop>,
) -> impl IntoView {
    let style = image.shape().ratio_style();
    // A panorama's tile grows to half a row or more: a quarter of the screen's pixels blur it.
    let sizes = if image.shape().is_wide() {
        "(max-width: 600px) 100vw, (max-width: 1200px) 67vw, 50vw"
    } else {
        "(max-width: 600px) 50vw, (max-width: 1200px) 33vw, 25vw"
    };
    let (w, h) = RenditionSize::Grid480.dims(image.width, image.height);
    let href = format!("{base_href}?image={}", image.id);
    let tools = proofing.map(|p| {
        let star = p
            .offers(Action::Select { image: p.facts(&image) })
            .then(|| view! { <StarButton proofing=p image=image.id name=image.file_name.clone()/> });
        let buy = shop.filter(|s| s.sells(&image)).map(|s| view! { <BuyButton shop=s card=image.clone()/> });
        view! { <div class="tile-tools">{star}<CompareToggle proofing=p card=image.clone()/>{buy}</div> }
    });
    view! {
        <div class="tile" style=style data-image=image.id.to_string()>
            <i></i>
            <a class="tile-link" href=href aria-label=image.file_name.clone()>
            <img
                src=image.rendition_url(RenditionSize::Grid480)
                srcset=srcset
                sizes=sizes
                width=w
                height=h
                alt=image.file_name.clone()
                loading=if eager { "eager" } else { "lazy" }
                // A tile that waits for the layout waits behind the cover too (Chrome would raise
                // the first few images' priority on its own); eager ones are the page's first paint.
                fetchpriority=(!eager).then_some("low")
                decoding="async"
            />
            </a>
            {tools}
        </div>
    }
}
