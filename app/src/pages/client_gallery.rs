//! The gallery a client opens, at an access link (`/l/:token`) or at the gallery's public address
//! (`/g/:slug`). Server-rendered and viewable without JavaScript. A link's page stays at the
//! link's address: nothing sends a visitor to the public one.

use crate::api::client::{UnlockGallery, client_gallery, client_gallery_by_link};
use crate::components::compare::{CompareTray, CompareView};
use crate::components::contact_sheet::ContactSheetButton;
use crate::components::downloads::{DownloadMenu, Downloads, QuotaBadge};
use crate::components::error_note::ActionError;
use crate::components::image_grid::ImageGrid;
use crate::components::lightbox::Lightbox;
use crate::components::prompts::{PromptDialogs, Prompts};
use crate::components::proofing::Proofing;
use crate::components::selects::SelectsBar;
use crate::components::share::ShareButton;
use crate::components::shop::{LicenceDialog, Shop, ShopBar};
use crate::error::AppError;
use domain::dto::ClientGalleryView;
use domain::policy::Need;
use domain::rendition::RenditionSize;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The client gallery page.
#[component]
pub fn ClientGallery() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let address = move || params.with(|p| (p.get("token"), p.get("slug").unwrap_or_default()));
    let unlock = ServerAction::<UnlockGallery>::new();
    let gallery = Resource::new(
        move || (address(), unlock.version().get()),
        |((token, slug), _)| async move {
            match token {
                Some(token) => client_gallery_by_link(token).await,
                None => client_gallery(slug).await,
            }
        },
    );
    let selected = move || query.read().get("image");
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">"Opening the gallery…"</p> }>
            {move || Suspend::new(async move {
                match gallery.await {
                    Ok(view) => {
                        // The lightbox follows `?image=` on its own, so moving through photos
                        // redraws only the lightbox, never the grid.
                        let images = view.images.clone();
                        let base = view.path.clone();
                        let prompts = Prompts::new(view.slug.clone(), view.visitor_name.clone());
                        let downloads = Downloads::new(view.access.clone(), prompts);
                        let proofing = Proofing::new(view.access.clone(), view.selects.clone(), prompts);
                        let shop = (view.access.facts.store_mode && !view.is_owner_preview)
                            .then(|| Shop::new(view.access.clone(), prompts, view.path.clone()));
                        let lightbox = move || {
                            let id = selected()?;
                            let index = images.iter().position(|i| i.id.to_string() == id)?;
                            Some(match shop {
                                Some(shop) => view! { <Lightbox images=images.clone() index base_href=base.clone() downloads proofing shop/> }.into_any(),
                                None => view! { <Lightbox images=images.clone() index base_href=base.clone() downloads proofing/> }.into_any(),
                            })
                        };
                        view! {
                            {gallery_page(view, downloads, proofing, shop).into_any()}
                            {lightbox}
                            {shop.map(|shop| view! { <LicenceDialog shop/> })}
                            <CompareTray proofing/>
                            <CompareView proofing/>
                            <PromptDialogs prompts/>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => not_found().into_any(),
                    Err(AppError::Needs(Need::Password)) => password_form(unlock).into_any(),
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
    view! {
        <Title text="Password needed"/>
        <main class="narrow">
            <h1>"This gallery is protected"</h1>
            <p>{Need::Password.prompt()}</p>
            <ActionForm action=unlock attr:class="stack">
                <input type="hidden" name="back" value=back/>
                <label>"Gallery password" <input type="password" name="password" autocomplete="off" required/></label>
                <button type="submit" disabled=move || unlock.pending().get()>"Open gallery"</button>
            </ActionForm>
            <ActionError value=unlock.value()/>
        </main>
    }
}

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
    downloads: Downloads,
    proofing: Proofing,
    shop: Option<Shop>,
) -> impl IntoView {
    let selected = Signal::derive(move || proofing.selects.with(|s| s.distinct_images().len()));
    let base = view.path.clone();
    let accent = format!("--accent:{}", view.studio.accent_color);
    let date = view.event_date.map(|d| d.format("%e %B %Y").to_string());
    let hero = view.cover.clone().map(|c| {
        let previews = view.access.large_previews(&c);
        let (w, h) = RenditionSize::Hd.dims(c.width, c.height);
        view! {
            <img class="hero-image" src=c.large_src(&previews) srcset=c.large_srcset(&previews) sizes="100vw"
                width=w height=h alt="" fetchpriority="high"/>
        }
    });
    let unassigned: Vec<_> = view.images.iter().filter(|i| i.set_id.is_none()).cloned().collect();
    let sections = view
        .sets
        .iter()
        .map(|set| {
            let images: Vec<_> = view.images.iter().filter(|i| i.set_id == Some(set.id)).cloned().collect();
            (format!("set-{}", set.id), set.name.clone(), images)
        })
        .filter(|(_, _, images)| !images.is_empty())
        .collect::<Vec<_>>();
    let show_tabs = sections.len() > 1 || (!sections.is_empty() && !unassigned.is_empty());
    view! {
        <Title text=tab_title(&format!("{} · {}", view.title, view.studio.name))/>
        <div class="client" style=accent>
            {view.is_owner_preview.then(|| view! {
                <p class="preview-note">"You are seeing this gallery as its photographer. " <a href="/studio">"Back to your studio"</a></p>
            })}
            <header class="hero">
                {hero}
                <div class="hero-text">
                    {view.studio.logo_url.clone().map(|url| view! { <img class="studio-logo" src=url alt=view.studio.name.clone()/> })}
                    <p class="studio-name">{view.studio.name.clone()}</p>
                    <h1>{view.title.clone()}</h1>
                    {date.map(|d| view! { <p class="event-date">{d}</p> })}
                    <div class="hero-actions">
                        <DownloadMenu downloads sets=view.sets.clone() selected/>
                        <SelectsBar proofing/>
                        <ContactSheetButton proofing/>
                        <ShareButton proofing sets=view.sets.clone()/>
                        <QuotaBadge downloads/>
                        {shop.map(|shop| view! { <ShopBar shop/> })}
                    </div>
                </div>
            </header>
            {show_tabs.then(|| view! {
                <nav class="set-tabs" aria-label="Sets">
                    {sections.iter().map(|(anchor, name, _)| view! { <a href=format!("#{anchor}")>{name.clone()}</a> }).collect_view()}
                    {(!unassigned.is_empty()).then(|| view! { <a href="#more">"More"</a> })}
                </nav>
            })}
            <main class="client-main">
                {view.images.is_empty().then(|| view! { <p class="empty">"Photos are on their way. Check back soon."</p> })}
                {sections.into_iter().map(|(anchor, name, images)| view! {
                    <section id=anchor class="set-section">
                        <h2>{name}</h2>
                        {grid(images, base.clone(), proofing, shop)}
                    </section>
                }).collect_view()}
                {(!unassigned.is_empty()).then(|| view! {
                    <section id="more" class="set-section">
                        {show_tabs.then(|| view! { <h2>"More"</h2> })}
                        {grid(unassigned, base.clone(), proofing, shop)}
                    </section>
                })}
            </main>
            <footer class="client-footer">
                <p>
                    {format!("Photographs by {}", view.studio.name)}
                    {view.studio.contact_email.clone().map(|email| view! { " · " <a href=format!("mailto:{email}")>"Contact"</a> })}
                </p>
            </footer>
        </div>
    }
}

fn grid(images: Vec<domain::card::ImageCard>, base: String, proofing: Proofing, shop: Option<Shop>) -> AnyView {
    match shop {
        Some(shop) => view! { <ImageGrid images base_href=base proofing shop/> }.into_any(),
        None => view! { <ImageGrid images base_href=base proofing/> }.into_any(),
    }
}

/// The text for the browser tab. `<title>` content is written unescaped by the meta renderer, so
/// angle brackets become look-alike quotes: a title can never close the tag.
fn tab_title(text: &str) -> String {
    text.replace('<', "‹").replace('>', "›")
}
