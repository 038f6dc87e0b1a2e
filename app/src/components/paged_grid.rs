//! The client gallery's photos, a page at a time. The server renders the page the visitor opened;
//! the browser adds the next page before the visitor reaches the end (and the earlier ones on
//! request), and a page far off screen gives its tiles back, keeping its height so nothing moves.
//! The next page's photos' shapes hold its room before it arrives (and an estimate the room of
//! the pages after it), so that nothing moves when it does, however fast the visitor scrolls.
//! Without JavaScript the "Earlier photos" and "More photos" links are plain page links.

use super::gallery_pages::GalleryPages;
use super::image_grid::ImageGrid;
use super::in_view::watch_in_view;
use super::proofing::Proofing;
use super::shop::Shop;
use domain::card::{ImageCard, TileShape};
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
    let per_photo = StoredValue::new(0.0);
    let coming = move || {
        let index = pages.later()?;
        let shapes = pages.pages.with(|p| p.last().map(|p| p.next.clone())).filter(|s| !s.is_empty())?;
        Some((index, shapes))
    };
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
            {move || pages.error.get().map(|e| view! {
                <p class="error" role="alert">
                    {e}" "
                    <button type="button" class="secondary" on:click=move |_| pages.error.set(None)>"Try again"</button>
                </p>
            })}
            // Keyed by the page: when it arrives, its room goes and that of the page after it is
            // made anew, not moved (a moved element is a layout shift; a new one is not).
            <For
                each=coming
                key=|(index, shapes)| (*index, shapes.len())
                children=move |(index, shapes)| view! { <ComingPage pages index shapes tabs=tabs.get_value() per_photo/> }
            />
            {later}
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
    let runs = StoredValue::new(runs_of(page.index, &page.images, &tabs));
    let number = page.index + 1;
    let tiles = move || {
        runs.get_value()
            .into_iter()
            .enumerate()
            .map(|(n, run)| {
                let heading = shown_heading(run.heading, &tabs);
                let eager = if n == 0 { eager } else { 0 };
                view! {
                    {heading.map(|(key, name)| view! { <h2 class="set-heading" id=key.anchor() tabindex="-1">{name}</h2> })}
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

/// The room of page `index`, the next one, before it arrives: its photos' shapes in the rows and
/// under the headings the page will have, so that the page takes its place without moving
/// anything. Below it, the room of the pages after it, estimated from this one's height per photo,
/// keeps the footer (and the "More photos" link) at the gallery's end, however fast the visitor
/// scrolls ahead of the network. Coming near the viewport (or passed), it asks for its page.
/// Shown only with JavaScript (`html.js`); without, the links page through the gallery.
#[component]
fn ComingPage(
    pages: GalleryPages,
    index: u32,
    shapes: Vec<TileShape>,
    tabs: Vec<SetTab>,
    /// The height per photo of the room last measured: the room after a page that arrives starts
    /// with it, so that the footer does not come up for a moment before it is measured.
    per_photo: StoredValue<f64>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let after = f64::from(pages.total().saturating_sub(page_range(index, pages.total()).1));
    let rest = RwSignal::new(per_photo.get_value() * after);
    let count = shapes.len() as f64;
    // Near, or passed already: the visitor flung on while the page before was on its way, and the
    // pages up to where they are come one after the other.
    let wanted = RwSignal::new(false);
    watch_in_view(node, "1600px 0px", move |near| {
        let Some(room) = node.get_untracked() else { return };
        let rect = room.get_bounding_client_rect();
        per_photo.set_value(rect.height() / count);
        rest.set(per_photo.get_value() * after);
        wanted.set(near || rect.bottom() < 0.0);
    });
    // Asked for when wanted, and again once another fetch (a page above, a set's tab, the
    // lightbox's) is done: a fetch under way turns others away. After a failure, once the visitor
    // says "Try again" (which clears the sentence).
    Effect::new(move |_| {
        if wanted.get() && !pages.loading.get() && pages.error.with(Option::is_none) {
            pages.load_later();
        }
    });
    let runs = runs_of(index, &shapes, &tabs);
    let runs = runs
        .into_iter()
        .map(|run| {
            let heading =
                shown_heading(run.heading, &tabs).map(|(_, name)| view! { <h2 class="set-heading">{name}</h2> });
            let tiles = run
                .images
                .into_iter()
                .map(|shape| view! { <div class="tile-shape" style=shape.ratio_style()><i></i></div> })
                .collect_view();
            view! {
                {heading}
                <div class="grid">{tiles}<span class="grid-filler"></span></div>
            }
        })
        .collect_view();
    view! {
        <div class="grid-page coming" aria-hidden="true" node_ref=node>{runs}</div>
        <div class="grid-rest" aria-hidden="true" style=move || format!("height:{:.0}px", rest.get())></div>
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
struct Run<T> {
    heading: Option<(SetKey, String)>,
    images: Vec<T>,
}

/// The runs of `items`, the photos (or their shapes) of page `index`. A photo's set is the tab its
/// position falls in: the tabs count what the viewer sees, in the gallery's order.
fn runs_of<T: Clone>(index: u32, items: &[T], tabs: &[SetTab]) -> Vec<Run<T>> {
    let mut runs: Vec<(SetKey, Run<T>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let position = index * PAGE_SIZE + i as u32;
        let key = set_at(tabs, position);
        match runs.last_mut() {
            Some((last, run)) if *last == key => run.images.push(item.clone()),
            _ => {
                let heading = tabs.iter().find(|t| t.key == key && t.start == position).map(|t| (key, t.name.clone()));
                runs.push((key, Run { heading, images: vec![item.clone()] }));
            }
        }
    }
    runs.into_iter().map(|(_, run)| run).collect()
}

/// The set of the photo at `position`, from where the tabs start.
fn set_at(tabs: &[SetTab], position: u32) -> SetKey {
    tabs.iter().find(|t| (t.start..t.start + t.count).contains(&position)).map_or(SetKey::Unassigned, |t| t.key)
}

/// Whether a run's heading is shown: always for a set, for "More" only beside other sets.
fn shown_heading(heading: Option<(SetKey, String)>, tabs: &[SetTab]) -> Option<(SetKey, String)> {
    heading.filter(|(key, _)| tabs.len() > 1 || matches!(key, SetKey::Set(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::ids::SetId;

    fn tab(name: &str, start: u32, count: u32) -> SetTab {
        SetTab {
            key: SetKey::Set(SetId(uuid::Uuid::from_u128(u128::from(start)))),
            name: name.to_owned(),
            count,
            start,
        }
    }

    #[test]
    fn a_rooms_runs_are_the_pages_sets_with_their_headings() {
        // "Ceremony" starts at photo 100, on the second page (60–119).
        let tabs = [tab("Getting ready", 0, 100), tab("Ceremony", 100, 50), tab("More", 150, 10)];
        let shapes = vec![TileShape(3, 2); 60];
        let runs = runs_of(1, &shapes, &tabs);
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[0].heading.is_none(), runs[0].images.len()), (true, 40));
        assert_eq!(runs[1].heading.as_ref().map(|(_, name)| name.as_str()), Some("Ceremony"));
        assert_eq!(runs[1].images.len(), 20);
        assert_eq!(set_at(&tabs, 155), tabs[2].key);
    }
}
