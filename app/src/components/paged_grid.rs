//! The client gallery's photos, a page at a time. The server renders the page the visitor opened;
//! the browser adds the next page before the visitor reaches the end (and the earlier ones on
//! request), and a page far off screen gives its tiles back, keeping its height so nothing moves.
//! Without JavaScript the "Earlier photos" and "More photos" links are plain page links.

use super::gallery_pages::GalleryPages;
use super::image_grid::ImageGrid;
use super::in_view::watch_in_view;
use super::proofing::Proofing;
use super::shop::Shop;
use domain::card::ImageCard;
use domain::gallery_page::{GalleryPage, PAGE_SIZE, SetKey, SetTab, page_range};
use domain::ids::ImageId;
use leptos::html::Div;
use leptos::prelude::*;

/// Tiles of the first screen fetched at once when the page has no cover (the rest load as they
/// near the viewport): a desktop's first row, a phone's first two.
const EAGER_TILES: usize = 4;

/// The photos of a gallery, as pages.
#[component]
pub fn PagedGrid(
    pages: GalleryPages,
    tabs: Vec<SetTab>,
    #[prop(into)] base_href: String,
    proofing: Proofing,
    shop: Option<Shop>,
    /// The photo the page opens with as its cover, its largest paint. Then no tile is eager: they
    /// wait for the layout, and the cover has the phone's bandwidth to itself until then
    /// (measured: eight eager tiles stretched a 57 KB cover from 0.3 s to 1.5 s on slow 4G). Its
    /// own tile reuses the cover's file where it can (`ImageCard::cover_tile_srcset`).
    #[prop(optional_no_strip)]
    cover: Option<ImageId>,
) -> impl IntoView {
    let eager_tiles = if cover.is_some() { 0 } else { EAGER_TILES };
    let tabs = StoredValue::new(tabs);
    let base = StoredValue::new(base_href);
    let first_rendered = pages.pages.with_untracked(|p| p.first().map(|p| p.index));
    let earlier = move || {
        pages.earlier().map(|index| {
            let (from, to) = page_range(index, pages.total());
            view! {
                <p class="page-link earlier">
                    <a href=base.with_value(|b| page_href(b, index)) on:click=move |ev| { ev.prevent_default(); pages.load_earlier(); }>
                        {format!("Earlier photos ({}–{})", from + 1, to)}
                    </a>
                </p>
            }
        })
    };
    let later = move || pages.later().map(|index| view! { <LaterLink pages index base=base.get_value()/> });
    view! {
        <div class="gallery-pages" aria-busy=move || pages.loading.get().to_string()>
            {earlier}
            <For
                each=move || pages.pages.get()
                key=|page| (page.index, page.total, page.images.len())
                children=move |page| {
                    let eager = if Some(page.index) == first_rendered { eager_tiles } else { 0 };
                    view! { <PageChunk page tabs=tabs.get_value() base=base.get_value() eager cover proofing shop/> }
                }
            />
            {later}
            {move || pages.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

fn page_href(base: &str, index: u32) -> String {
    if index == 0 { base.to_owned() } else { format!("{base}?page={}", index + 1) }
}

/// "More photos": a page link, which also loads the next page on its own when it comes within
/// two screens of the viewport.
#[component]
fn LaterLink(pages: GalleryPages, index: u32, base: String) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    watch_in_view(node, "1600px 0px", move |near| {
        if near {
            pages.load_later();
        }
    });
    let (from, to) = page_range(index, pages.total());
    view! {
        <div class="page-link later" node_ref=node>
            <a href=page_href(&base, index) on:click=move |ev| { ev.prevent_default(); pages.load_later(); }>
                {move || match pages.loading.get() {
                    true => "Loading more photos…".to_owned(),
                    false => format!("More photos ({}–{} of {})", from + 1, to, pages.total()),
                }}
            </a>
        </div>
    }
}

/// One page: its photos in runs by set, each set's heading where the set starts. Far off screen
/// it keeps only its height.
#[component]
fn PageChunk(
    page: GalleryPage,
    tabs: Vec<SetTab>,
    base: String,
    eager: usize,
    cover: Option<ImageId>,
    proofing: Proofing,
    shop: Option<Shop>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let shown = RwSignal::new(true);
    let height = RwSignal::new(0.0);
    watch_in_view(node, "2400px 0px", move |near| {
        if !near && let Some(element) = node.get_untracked() {
            height.set(element.get_bounding_client_rect().height());
        }
        shown.set(near);
    });
    let runs = StoredValue::new(runs_of(&page, &tabs));
    let headings = tabs.len() > 1;
    let number = page.index + 1;
    let tiles = move || {
        runs.get_value()
            .into_iter()
            .enumerate()
            .map(|(n, run)| {
                let heading = run.heading.filter(|(key, _)| headings || matches!(key, SetKey::Set(_)));
                let eager = if n == 0 { eager } else { 0 };
                view! {
                    {heading.map(|(key, name)| view! { <h2 class="set-heading" id=key.anchor()>{name}</h2> })}
                    {grid(run.images, base.clone(), eager, cover, proofing, shop)}
                }
            })
            .collect_view()
    };
    view! {
        <div
            class="grid-page"
            data-page=number
            node_ref=node
            style=move || if shown.get() { String::new() } else { format!("height:{:.3}px", height.get()) }
        >
            <Show when=move || shown.get()>{tiles.clone()}</Show>
        </div>
    }
}

fn grid(
    images: Vec<ImageCard>,
    base: String,
    eager: usize,
    cover: Option<ImageId>,
    proofing: Proofing,
    shop: Option<Shop>,
) -> AnyView {
    match shop {
        Some(shop) => view! { <ImageGrid images base_href=base eager cover proofing shop/> }.into_any(),
        None => view! { <ImageGrid images base_href=base eager cover proofing/> }.into_any(),
    }
}

/// Photos of one set next to each other on a page, with the set's heading when it starts here.
#[derive(Clone)]
struct Run {
    heading: Option<(SetKey, String)>,
    images: Vec<ImageCard>,
}

fn runs_of(page: &GalleryPage, tabs: &[SetTab]) -> Vec<Run> {
    let mut runs: Vec<(SetKey, Run)> = Vec::new();
    for (i, card) in page.images.iter().enumerate() {
        let key = SetKey::of(card.set_id);
        match runs.last_mut() {
            Some((last, run)) if *last == key => run.images.push(card.clone()),
            _ => {
                let position = page.index * PAGE_SIZE + i as u32;
                let heading = tabs.iter().find(|t| t.key == key && t.start == position).map(|t| (key, t.name.clone()));
                runs.push((key, Run { heading, images: vec![card.clone()] }));
            }
        }
    }
    runs.into_iter().map(|(_, run)| run).collect()
}
