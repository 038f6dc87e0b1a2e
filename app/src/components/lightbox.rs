//! The lightbox: one image large, with previous/next and close as plain links (so it works
//! without JavaScript and every image has its own URL), plus arrow keys, Escape and touch swipe
//! once hydrated. Its code (with the annotation tools and the comments it holds) is a part of the
//! bundle of its own: a gallery's first screen does not need it, and a phone on a slow link is
//! interactive sooner without it. The part is fetched once the page is idle, before the first
//! photo is opened; when the page opens on a photo (`?image=`), before the page is hydrated,
//! since the server rendered the lightbox and hydrating it needs its code.

use crate::components::annotate::{AnnotateTools, Annotating, MarksLayer};
use crate::components::comments::CommentsPanel;
use crate::components::compare::CompareToggle;
use crate::components::downloads::{Downloads, ImageDownload};
use crate::components::gallery_pages::{GalleryPages, page_number};
use crate::components::modal::{WAIT_FRAMES, focus_when_shown, keep_focus_within, keep_tab_inside};
use crate::components::on_demand::on_demand;
use crate::components::proofing::Proofing;
use crate::components::selects::StarButton;
use crate::components::shop::{BuyButton, Shop};
use domain::card::ImageCard;
use domain::ids::ImageId;
use domain::policy::{Action, ImageFacts};
use domain::rendition::RenditionSize;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The client gallery's lightbox: the photo `?image=` names (`selected`), among the gallery's
/// `pages`, with the page's tools beside it.
pub struct Shown {
    pub pages: GalleryPages,
    pub selected: Signal<Option<ImageId>>,
    pub base_href: String,
    pub downloads: Downloads,
    pub proofing: Proofing,
    pub shop: Option<Shop>,
}

/// The lightbox, while a photo is open: shown once its part of the bundle is in (at once after
/// the first time, and on the server). The layer around it tells the browser entry that the
/// server rendered it (`before_hydrating`).
pub fn lightbox(shown: Shown) -> impl IntoView {
    view! { <div class="lightbox-layer">{on_demand(lightbox_part(shown))}</div> }
}

/// Fetches the lightbox's part before the page is hydrated if the server rendered the lightbox
/// (the page opened on a photo): a part still on its way would leave it unhydrated, which Leptos
/// cannot recover from. The page asked for its files in `<head>` already
/// (`client_hydration::ClientHydration`).
#[cfg(feature = "hydrate")]
pub async fn before_hydrating() {
    if document().query_selector(".lightbox-layer").ok().flatten().is_some() {
        __preload_lightbox_part().await;
    }
}

/// The lightbox's part. It follows `?image=` on its own, so moving through photos redraws the
/// lightbox in place (the photo shown stays until the next one is in), never the grid.
#[lazy]
fn lightbox_part(shown: Shown) -> AnyView {
    let Shown { pages, selected, base_href: base, downloads, proofing, shop } = shown;
    // The photo and its place, compared: a grid page arriving behind the lightbox (the visitor
    // scrolled it) leaves them as they were, so the lightbox is not made anew, with the comment
    // being typed or the marks being drawn.
    let shown = Memo::new(move |_| selected.get().and_then(|id| pages.locate(id)).map(|found| (found, pages.total())));
    (move || {
        let (found, total) = shown.get()?;
        let close = match page_number(found.position) {
            1 => base.clone(),
            n => format!("{base}?page={n}"),
        };
        let (image, position, prev, next) = (found.card, found.position, found.prev, found.next);
        Some(match shop {
            Some(shop) => view! { <Lightbox image position total prev next base_href=base.clone() close_href=close downloads proofing shop/> }.into_any(),
            None => view! { <Lightbox image position total prev next base_href=base.clone() close_href=close downloads proofing/> }.into_any(),
        })
    })
    .into_any()
}

/// Shows `image` over the page: photo `position` (0-based) of `total`, between `prev` and `next`
/// (which may be on pages the grid has not loaded: the page follows `?image=`).
#[component]
fn Lightbox(
    image: ImageCard,
    position: u32,
    total: u32,
    prev: Option<ImageId>,
    next: Option<ImageId>,
    #[prop(into)] base_href: String,
    /// Where closing goes: the grid page that holds the photo.
    #[prop(into)]
    close_href: String,
    /// The visitor's downloads.
    downloads: Downloads,
    /// The visitor's proofing tools (each shown where the policy offers it).
    proofing: Proofing,
    /// The shop's "Buy", in store mode.
    #[prop(optional)]
    shop: Option<Shop>,
) -> impl IntoView {
    let link = |id: ImageId| format!("{base_href}?image={id}");
    let prev = prev.map(link);
    let next = next.map(link);
    let close = close_href;

    let navigate = use_navigate();
    let go = {
        let navigate = navigate.clone();
        move |href: &Option<String>| {
            if let Some(href) = href {
                navigate(href, NavigateOptions { scroll: false, replace: true, ..Default::default() });
            }
        }
    };
    let (w, h) = RenditionSize::Hd.dims(image.width, image.height);
    let prompts = downloads.prompts();
    prompts.cover_page(image.id);
    let facts = proofing.facts(&image);
    let offered = |action: fn(ImageFacts) -> Action| proofing.offers(action(facts)).then_some(proofing);
    let annotating = offered(|image| Action::Annotate { image }).map(|_| Annotating::new(&image));
    // While the visitor draws, the photo stays put: no arrows, keys or swipes move away from marks
    // not yet saved; Save or Cancel (or Escape) ends drawing.
    let drawing = move || annotating.is_some_and(|a| a.editing.get_untracked());
    let keys = {
        let (prev, next, close, go, navigate) =
            (prev.clone(), next.clone(), close.clone(), go.clone(), navigate.clone());
        window_event_listener(ev::keydown, move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
            // Typing a comment or a note must not turn the page; keys meant for a dialog over
            // the photo (Escape closing the licence dialog) are that dialog's.
            _ if typing(&ev) || for_a_dialog_above(&ev) => {}
            "Escape" if drawing() => {
                if let Some(a) = annotating
                    && (!a.unsaved() || crate::components::confirm::ask("Discard the marks you have not saved?"))
                {
                    a.cancel();
                }
            }
            _ if drawing() => {}
            "ArrowLeft" => go(&prev),
            "ArrowRight" => go(&next),
            "Escape" => navigate(&close, NavigateOptions { scroll: false, ..Default::default() }),
            _ => {}
        })
    };
    on_cleanup(move || keys.remove());

    // A swipe is one finger across an unzoomed photo: a gesture that ever had two fingers is a
    // pinch, a page zoomed in pans, and the comment sheet open keeps its text (a swipe would
    // show the next photo and drop what is being typed).
    let comments_open = RwSignal::new(false);
    let touch_x = StoredValue::new(None::<i32>);
    let pinching = StoredValue::new(false);
    let on_touch_start = move |ev: web_sys::TouchEvent| {
        if ev.touches().length() > 1 {
            pinching.set_value(true);
            touch_x.set_value(None);
        } else if !pinching.get_value() {
            touch_x.set_value(ev.touches().get(0).map(|t| t.client_x()));
        }
    };
    let on_touch_end = {
        let (prev, next, go) = (prev.clone(), next.clone(), go.clone());
        move |ev: web_sys::TouchEvent| {
            if ev.touches().length() == 0 {
                pinching.set_value(false);
            }
            let Some(start) = touch_x.get_value() else { return };
            let Some(end) = ev.changed_touches().get(0).map(|t| t.client_x()) else { return };
            touch_x.set_value(None);
            if drawing() || comments_open.get_untracked() || zoomed_in() {
                return;
            }
            let dx = end - start;
            if dx <= -50 {
                go(&next);
            } else if dx >= 50 {
                go(&prev);
            }
        }
    };

    // Counted once per photo and visitor in ten minutes on the server (a view in the report).
    let shown = image.id;
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let _ = crate::api::engagement::record_view(shown).await;
        });
    });

    let frame = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(element) = frame.get() {
            let element: HtmlElement = element.unchecked_into();
            let held = keep_focus_within(&element);
            on_cleanup(move || drop(held));
            focus_on_open(element);
        }
    });

    let marks = annotating.map(|a| view! { <MarksLayer annotating=a card=image.clone()/> });
    let star = offered(|image| Action::Select { image })
        .map(|p| view! { <StarButton proofing=p image=image.id name=image.file_name.clone() large=true/> });
    let proof_tools = {
        let p = proofing;
        let annotate = annotating.map(|a| view! { <AnnotateTools proofing=p annotating=a card=image.clone()/> });
        view! { {star} <CompareToggle proofing=p card=image.clone()/> {annotate} }
    };
    // On a phone the comments wait behind a button, so the photo keeps the screen.
    let comment_count = RwSignal::new(0_usize);
    let comments = offered(|image| Action::Comment { image })
        .map(|p| view! { <CommentsPanel proofing=p image=image.id count=comment_count/> });
    let comments_toggle = comments.is_some().then(|| {
        view! {
            <button type="button" class="secondary lb-comments-toggle" aria-controls="lb-comments"
                aria-expanded=move || comments_open.get().to_string()
                on:click=move |_| comments_open.update(|open| *open = !*open)>
                {move || match comment_count.get() {
                    0 => "Comment".to_owned(),
                    n => format!("Comments ({n})"),
                }}
            </button>
        }
    });
    let previews = downloads.large_previews(&image);
    view! {
        <div
            class="lightbox"
            class:drawing=move || annotating.is_some_and(|a| a.editing.get())
            class:commenting=move || comments_open.get()
            role="dialog"
            aria-modal="true"
            aria-label=format!("{}, photo {} of {total}", image.file_name, position + 1)
            tabindex="-1"
            node_ref=frame
            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Tab" { keep_tab_inside(frame, &ev) }
            on:touchstart=on_touch_start
            on:touchend=on_touch_end
        >
            <figure>
                <div class="lb-stage">
                <img
                    src=image.large_src(&previews)
                    srcset=image.large_srcset(&previews)
                    sizes="100vw"
                    width=w
                    height=h
                    alt=image.file_name.clone()
                    data-image=image.id.to_string()
                />
                {marks}
                </div>
                <figcaption>{format!("{} · {} of {total}", image.file_name, position + 1)}</figcaption>
            </figure>
            <a class="lb-close" href=close aria-label="Close">"✕"</a>
            <div class="lb-tools">
                {shop.filter(|s| s.sells(&image)).map(|s| view! { <BuyButton shop=s card=image.clone() large=true/> })}
                <ImageDownload downloads card=image.clone()/>
                {proof_tools}
                {comments_toggle}
            </div>
            {comments.map(|c| view! { <div class="lb-side" id="lb-comments" class:open=move || comments_open.get()>{c}</div> })}
            {prev.map(|href| view! {
                <a class="lb-prev" href=href aria-label="Previous photo" on:click=|_| stepped_with(Step::Prev)>"‹"</a>
            })}
            {next.map(|href| view! {
                <a class="lb-next" href=href aria-label="Next photo" on:click=|_| stepped_with(Step::Next)>"›"</a>
            })}
            {prompts.notices(true)}
            {shop.map(|s| s.toast(true))}
        </div>
    }
}

/// The arrow link that moved to this photo, so the next lightbox puts focus back on it (a
/// keyboard user stepping through photos keeps their place). The lightbox is made anew for each
/// photo, hence a value that outlives it.
#[derive(Clone, Copy)]
enum Step {
    Prev,
    Next,
}

thread_local! {
    static STEPPED_WITH: std::cell::Cell<Option<Step>> = const { std::cell::Cell::new(None) };
}

fn stepped_with(step: Step) {
    STEPPED_WITH.with(|s| s.set(Some(step)));
}

/// Where focus goes when a photo opens: the arrow that was used to get here, else the dialog
/// itself (a screen reader then reads the photo's name). Never a field: a phone would open its
/// keyboard over the photo.
fn focus_on_open(dialog: HtmlElement) {
    let selector = STEPPED_WITH.with(std::cell::Cell::take).map(|step| match step {
        Step::Prev => ".lb-prev",
        Step::Next => ".lb-next",
    });
    let target = selector
        .and_then(|s| dialog.query_selector(s).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or(dialog);
    focus_when_shown(target, WAIT_FRAMES);
}

/// After the lightbox closes, focus goes to the grid tile of the photo it showed (the grid
/// scrolls there), not to the top of the page.
pub fn focus_tile(image: ImageId) {
    let selector = format!(".tile[data-image=\"{image}\"] .tile-link");
    let try_focus = move || {
        document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .map(|e| e.focus())
            .is_some()
    };
    // The grid page holding it may still be arriving.
    fn retry(f: impl Fn() -> bool + 'static, left: u8) {
        if !f() && left > 0 {
            request_animation_frame(move || retry(f, left - 1));
        }
    }
    retry(try_focus, 30);
}

/// Whether a dialog is open over the lightbox (the licence, restore, email or PIN dialogs,
/// compare), or one already handled the key: keys are then that dialog's, wherever focus is.
fn for_a_dialog_above(ev: &web_sys::KeyboardEvent) -> bool {
    ev.default_prevented() || document().query_selector("[aria-modal='true']:not(.lightbox)").ok().flatten().is_some()
}

/// Whether a key was typed into a text field (arrow keys move the caret there, not the photo).
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Whether the visitor has pinch-zoomed the page (the visual viewport is scaled up): a drag then
/// pans, it does not turn the page. Read through JavaScript's `visualViewport.scale`.
fn zoomed_in() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let scale = js_sys::Reflect::get(&window, &"visualViewport".into())
        .and_then(|viewport| js_sys::Reflect::get(&viewport, &"scale".into()))
        .ok()
        .and_then(|scale| scale.as_f64());
    scale.is_some_and(|scale| scale > 1.01)
}
