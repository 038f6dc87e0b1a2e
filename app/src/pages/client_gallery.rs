//! The gallery a client opens, at an access link (`/l/:token`) or at the gallery's public address
//! (`/g/:slug`). Server-rendered and viewable without JavaScript. A link's page stays at the
//! link's address: nothing sends a visitor to the public one.

use crate::api::client::{UnlockGallery, client_gallery, client_gallery_by_link};
use crate::components::compare::{CompareTray, CompareView};
use crate::components::contact_sheet::ContactSheetButton;
use crate::components::downloads::{DownloadMenu, Downloads, QuotaBadge};
use crate::components::error_note::ActionError;
use crate::components::gallery_pages::GalleryPages;
use crate::components::lightbox::{self, Shown};
use crate::components::paged_grid::PagedGrid;
use crate::components::prompts::{PromptDialogs, Prompts};
use crate::components::proofing::Proofing;
use crate::components::reading_set::reading_set;
use crate::components::restore::RestoreDialog;
use crate::components::selects::SelectsBar;
use crate::components::share::ShareButton;
use crate::components::shop::{LicenceDialog, Shop, ShopBar};
use crate::error::AppError;
use domain::card::ImageCard;
use domain::dto::ClientGalleryView;
use domain::gallery_page::{SetKey, SetTab};
use domain::ids::ImageId;
use domain::policy::Need;
use domain::rendition::RenditionSize;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use wasm_bindgen::JsCast;

/// What a browser with scripts turned off is told.
const NO_SCRIPT_NOTE: &str = "<p class=\"note no-script-note\">JavaScript is off in this browser, so favourites, \
    comments, downloads, compare, drawing on photos, sharing and buying do not work here. You can page through \
    the photos and open each one large; turn JavaScript on (or try another browser) for the rest.</p>";

/// The client gallery page.
#[component]
pub fn ClientGallery() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let address = move || params.with(|p| (p.get("token"), p.get("slug").unwrap_or_default()));
    let unlock = ServerAction::<UnlockGallery>::new();
    // The page to open on is read once: later `?image=` and `?page=` changes move the lightbox
    // and the loaded pages, never reload the gallery.
    let opened_on = move || query.with_untracked(|q| (q.get("page"), q.get("image"), q.get("set")));
    let gallery = crate::resource::resource(
        move || (address(), opened_on(), unlock.version().get()),
        |((token, slug), (page, image, set), _)| async move {
            match token {
                Some(token) => client_gallery_by_link(token, page, image, set).await,
                None => client_gallery(slug, page, image, set).await,
            }
        },
    );
    let selected = move || query.read().get("image").and_then(|id| id.parse::<ImageId>().ok());
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">"Opening the gallery…"</p> }>
            {move || Suspend::new(async move {
                match gallery.await {
                    Ok(view) => {
                        let base = view.path.clone();
                        let pages = GalleryPages::new(view.slug.clone(), view.page.clone());
                        let prompts = Prompts::new(view.slug.clone(), view.visitor_name.clone());
                        let downloads = Downloads::new(view.access.clone(), prompts);
                        let proofing = Proofing::new(view.access.clone(), view.selects.clone(), prompts);
                        let shop = (view.access.facts.store_mode && !view.is_owner_preview)
                            .then(|| Shop::new(view.access.clone(), prompts));
                        // A `?image=` on a page not loaded yet (the lightbox stepping past the
                        // loaded pages): fetch the page that holds it.
                        Effect::new(move |_| {
                            if let Some(id) = selected() {
                                pages.load_holding(id);
                            }
                        });
                        // Closing the lightbox gives focus back to the photo's tile.
                        Effect::watch(
                            selected,
                            |now, before, _| {
                                if let (None, Some(Some(id))) = (now, before) {
                                    lightbox::focus_tile(*id);
                                }
                            },
                            false,
                        );
                        // Made when a photo is opened and gone when it is closed; moving from photo
                        // to photo redraws only the lightbox, never the grid.
                        let open = Memo::new(move |_| selected().is_some());
                        let lightbox = move || {
                            open.get().then(|| {
                                lightbox::lightbox(Shown {
                                    pages,
                                    selected: Signal::derive(selected),
                                    base_href: base.clone(),
                                    downloads,
                                    proofing,
                                    shop,
                                })
                            })
                        };
                        view! {
                            {gallery_page(view, pages, downloads, proofing, shop).into_any()}
                            {lightbox}
                            {shop.map(|shop| view! { <LicenceDialog shop/> })}
                            <CompareTray proofing/>
                            <CompareView proofing/>
                            <PromptDialogs prompts/>
                            <RestoreDialog downloads/>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => not_found().into_any(),
                    Err(AppError::Needs(Need::Password)) => password_form(unlock).into_any(),
                    Err(AppError::Needs(Need::SwitchLink)) => switch_link_page().into_any(),
                    Err(err) => view! { <main class="narrow"><p class="error" role="alert">{err.to_string()}</p></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Asked before anything of a password-protected gallery is shown. It needs the gallery's slug,
/// which a link's page does not show before the password: the server tells it with the need.
fn password_form(unlock: ServerAction<UnlockGallery>) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let back = location.pathname.get_untracked();
    // The photo, set or page the address named opens once the password is given.
    let query = location.search.get_untracked();
    // The photographer's name and logo: the visitor knows whose gallery this is before typing.
    let brand = {
        let back = back.clone();
        crate::resource::resource(
            || (),
            move |()| {
                let back = back.clone();
                async move { crate::api::client::password_brand(back).await.ok() }
            },
        )
    };
    view! {
        <Title text="Password needed"/>
        <main class="narrow password-page">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    brand.await.map(|studio| view! {
                        <header class="password-brand" style=format!("--accent:{}", studio.accent_color)>
                            {studio.logo_url.clone().map(|url| view! { <img class="studio-logo" src=url alt=""/> })}
                            <p class="studio-name">{studio.name}</p>
                        </header>
                    })
                })}
            </Suspense>
            <h1>"This gallery is protected"</h1>
            <p>{Need::Password.prompt()}</p>
            <ActionForm action=unlock attr:class="stack">
                <input type="hidden" name="back" value=back/>
                <input type="hidden" name="query" value=query/>
                <label>"Gallery password" <input type="password" name="password" autocomplete="off" required
                    aria-describedby="password-error"
                    aria-invalid=move || if matches!(unlock.value().get(), Some(Err(_))) { "true" } else { "false" }/></label>
                <button type="submit" disabled=move || unlock.pending().get()>"Open gallery"</button>
            </ActionForm>
            <ActionError value=unlock.value() id="password-error"/>
        </main>
    }
}

/// Asked when another site sent the browser to a link of a gallery it already has open with
/// another link: the visitor chooses, with a POST only this site's pages can make. Plain forms,
/// with or without a script: the answer redirects, and the page is then loaded anew for the link
/// chosen (a page that fetched the gallery itself meanwhile would open the link it shows).
fn switch_link_page() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let keep_token = token.clone();
    view! {
        <Title text="Open with this link?"/>
        <main class="narrow switch-link">
            <h1>"Open with this link?"</h1>
            <p>{Need::SwitchLink.prompt()}</p>
            <p class="muted">"The new link may show other photos or allow other things than yours. If you did not mean to follow a link to this gallery, keep yours."</p>
            <div class="actions">
                <form method="post" action=CHOOSE_LINK>
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="choice" value="switch"/>
                    <button type="submit">"Open with the new link"</button>
                </form>
                <form method="post" action=CHOOSE_LINK>
                    <input type="hidden" name="token" value=keep_token/>
                    <input type="hidden" name="choice" value="keep"/>
                    <button type="submit" class="secondary">"Keep my link"</button>
                </form>
            </div>
        </main>
    }
}

/// Where the switch page's forms post (the server function `choose_link`).
const CHOOSE_LINK: &str = "/api/client/choose_link";

fn not_found() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="narrow">
            <h1>"Gallery not found"</h1>
            <p>"This gallery does not exist or is not shared yet. Check the link, or ask your photographer for a new one."</p>
        </main>
    }
}

fn gallery_page(
    view: ClientGalleryView,
    pages: GalleryPages,
    downloads: Downloads,
    proofing: Proofing,
    shop: Option<Shop>,
) -> impl IntoView {
    let selected = Signal::derive(move || proofing.selects.with(|s| s.distinct_images().len()));
    let base = view.path.clone();
    let accent = format!("--accent:{}", view.studio.accent_color);
    let date = view.event_date.map(domain::dates::long_date);
    let hero = view.cover.clone().map(|c| hero_image(&view, c));
    let cover = view.cover.as_ref().map(|c| c.id);
    let show_tabs = view.tabs.len() > 1;
    let tabs = view.tabs.clone();
    view! {
        <Title text=tab_title(&format!("{} · {}", view.title, view.studio.name))/>
        <div class="client" style=accent>
            // (Without a script the browser follows the fragment and focuses the photos; with one,
            // the router would take the click as a navigation, so the focus is moved here.)
            <a class="skip-link" href="#photos" on:click=|ev| {
                ev.prevent_default();
                if let Some(photos) = document().get_element_by_id("photos").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = photos.focus();
                }
            }>"Skip to the photos"</a>
            {view.is_owner_preview.then(|| view! {
                <p class="preview-note">"You are seeing this gallery as its photographer. " <a href="/studio">"Back to your studio"</a></p>
            })}
            <header class="hero">
                {hero}
                <div class="hero-text">
                    {view.studio.logo_url.clone().map(|url| view! { <img class="studio-logo" src=url alt=""/> })}
                    <p class="studio-name">{view.studio.name.clone()}</p>
                    <h1>{view.title.clone()}</h1>
                    {date.map(|d| view! { <p class="event-date">{d}</p> })}
                    // Inner HTML, so hydration (with a script, a <noscript>'s content is text)
                    // never walks it.
                    <noscript inner_html=NO_SCRIPT_NOTE></noscript>
                    <div class="hero-actions">
                        <DownloadMenu downloads sets=view.sets.clone() selected/>
                        <SelectsBar proofing studio=view.studio.name.clone()/>
                        // A sheet of no photos helps nobody.
                        {(view.page.total > 0).then(|| view! { <ContactSheetButton proofing/> })}
                        <ShareButton proofing sets=view.sets.clone()/>
                        <QuotaBadge downloads/>
                        {shop.map(|shop| view! { <ShopBar shop/> })}
                    </div>
                </div>
            </header>
            {show_tabs.then(|| set_tabs(&view.tabs, &base, pages))}
            <main class="client-main" id="photos" tabindex="-1">
                {(view.page.total == 0).then(|| view! { <p class="empty">"Photos are on their way. Check back soon."</p> })}
                {(view.page.total > 0).then(|| view! { <PagedGrid pages tabs base_href=base.clone() proofing shop cover/> })}
            </main>
            <footer class="client-footer" id="page-end">
                <p>
                    {format!("Photographs by {}", view.studio.name)}
                    {view.studio.contact_email.clone().map(|email| view! { " · " <a href=format!("mailto:{email}")>"Contact"</a> })}
                </p>
            </footer>
        </div>
    }
}

/// The cover, the page's largest paint: preloaded at high priority in sizes that fit the screen.
fn hero_image(view: &ClientGalleryView, cover: ImageCard) -> impl IntoView + use<> {
    let previews = view.access.large_previews(&cover);
    let (w, h) = RenditionSize::Hd.dims(cover.width, cover.height);
    let srcset = cover.hero_srcset(&previews);
    let src = cover.large_src(&previews);
    view! {
        <Link rel="preload" as_="image" href=src.clone() imagesrcset=srcset.clone() imagesizes=HERO_SIZES fetchpriority="high"/>
        <img class="hero-image" src=src srcset=srcset sizes=HERO_SIZES width=w height=h alt="" fetchpriority="high"/>
    }
}

/// The cover spans the page under a veil and the title: a phone's (about 400 CSS px across) is
/// sharp at the 960 px size, so it says 60vw there and never waits for a 1600 px cover; wider
/// screens take the size that fills them.
const HERO_SIZES: &str = "(max-width: 700px) 60vw, 100vw";

/// The set tabs: links to where each set starts (a page of its own without JavaScript); with
/// JavaScript the page is loaded if needed and the heading scrolled to.
fn set_tabs(tabs: &[SetTab], base: &str, pages: GalleryPages) -> impl IntoView + use<> {
    // The heading to scroll to once its page is on screen.
    let pending = RwSignal::new(None::<(String, u32)>);
    Effect::new(move |_| {
        let Some((anchor, index)) = pending.get() else { return };
        pages.pages.track();
        // A page far off screen keeps only its height: scroll to the page, its tiles return.
        let target = document()
            .get_element_by_id(&anchor)
            .or_else(|| document().query_selector(&format!(".grid-page[data-page=\"{}\"]", index + 1)).ok().flatten());
        if let Some(element) = target {
            element.scroll_into_view();
            // A keyboard user goes on from the set chosen, not from the tabs.
            if element.id() == anchor
                && let Ok(heading) = element.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = heading.focus();
            }
            pending.set(None);
        }
    });
    let spy = reading_set(tabs.iter().map(|tab| (tab.key.anchor(), tab.page())).collect());
    let reading = spy.reading;
    let links = tabs
        .iter()
        .enumerate()
        .map(|(n, tab)| {
            let value = match tab.key {
                SetKey::Set(id) => id.to_string(),
                SetKey::Unassigned => "more".to_owned(),
            };
            let (anchor, index) = (tab.key.anchor(), tab.page());
            let href = format!("{base}?set={value}#{anchor}");
            view! {
                <a href=href aria-current=move || (reading.get() == Some(n)).then_some("location")
                    on:click=move |ev| {
                        ev.prevent_default();
                        spy.choose(n);
                        pages.load_page(index);
                        pending.set(Some((anchor.clone(), index)));
                    }>{tab.name.clone()}</a>
            }
        })
        .collect_view();
    view! { <nav class="set-tabs" aria-label="Sets">{links}</nav> }
}

/// The text for the browser tab. `<title>` content is written unescaped by the meta renderer, so
/// angle brackets become look-alike quotes: a title can never close the tag.
fn tab_title(text: &str) -> String {
    text.replace('<', "‹").replace('>', "›")
}
