//! `/d/:token`: a delivery set as its recipient opens it: the studio's branding, the package's
//! photos, "Download all" as one streaming ZIP and each photo on its own, in the sizes the
//! photographer chose for this package. Without JavaScript every link works in the largest size.

use crate::api::delivery::open_delivery;
use crate::components::restore::{LinkRestore, RestoreFor};
use crate::components::when::When;
use crate::error::AppError;
use domain::delivery::DeliveryPage;
use domain::downloads::ZipSummary;
use domain::policy::DownloadSize;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// Tiles in the first row of the widest layout, loaded before the rest.
const FIRST_ROW: usize = 4;

/// The delivery page.
#[component]
pub fn DeliveryPageView() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let page = crate::resource::resource(token, open_delivery);
    view! {
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <Transition fallback=|| view! { <main class="narrow"><p>"Loading your photos…"</p></main> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => delivery_body(view, untrack(token)).into_any(),
                    Err(AppError::NotFound) => view! {
                        <Title text="Delivery not found"/>
                        <main class="narrow">
                            <h1>"Delivery not found"</h1>
                            <p>"Check the link your photographer sent you. If it still does not open, ask them for a new one."</p>
                        </main>
                    }.into_any(),
                    Err(err) => view! {
                        <Title text="Delivery not available"/>
                        <main class="narrow">
                            <h1>"This delivery is not available"</h1>
                            <p class="error" role="alert">{err.to_string()}</p>
                        </main>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn delivery_body(view: DeliveryPage, token: String) -> impl IntoView {
    let sizes: Vec<DownloadSize> = view.sizes.iter().map(|(size, _)| *size).collect();
    let chosen = RwSignal::new(sizes.first().copied().unwrap_or(DownloadSize::Original));
    let page = StoredValue::new(view.clone());
    let count = view.images.len();
    let weight = move || page.with_value(|p| p.weight(chosen.get()).map(ZipSummary::label)).unwrap_or_default();
    // Its last minute, in the recipient's time zone: the photographer's last day ends at their
    // midnight, which is another hour elsewhere.
    let until = view.ends_at.map(|end| end - chrono::Duration::minutes(1));
    let accent = format!("--accent:{}", view.brand.accent_color);
    // Sizes whose files wait in long-term storage for some photos: asked for, not downloaded.
    let restore = StoredValue::new(view.restore.clone());
    let waits = move |size: DownloadSize| restore.with_value(|r| r.contains(&size));
    view! {
        <Title text=format!("{} · {}", view.name, view.brand.name)/>
        <div class="delivery" style=accent>
            <header class="delivery-head">
                {view.brand.logo_url.clone().map(|url| view! { <img class="studio-logo" src=url alt=""/> })}
                <p class="studio-name">{view.brand.name.clone()}</p>
                <h1>{view.name.clone()}</h1>
                <p class="muted">{format!("{} · for {}", view.gallery_title, view.recipient)}</p>
                {until.map(|at| view! { <p class="muted">"Available until " <When at=at with_year=true/></p> })}
                {(count > 0).then(|| view! {
                    <div class="delivery-actions" role="group" aria-label="Download">
                        {(sizes.len() > 1).then(|| view! {
                            <fieldset class="size-choice">
                                <legend>"Size"</legend>
                                {sizes.iter().map(|&size| view! {
                                    <label class="inline">
                                        <input type="radio" name="size" prop:checked=move || chosen.get() == size
                                            on:change=move |_| chosen.set(size)/>
                                        {size.label()}
                                    </label>
                                }).collect_view()}
                            </fieldset>
                        })}
                        // A plain navigation (`rel="external"`: not the router's), without the
                        // `download` attribute: the files come as attachments, and a refusal (a
                        // link revoked meanwhile) is a page with its sentence, not a saved file.
                        {move || if waits(chosen.get()) {
                            let token = token.clone();
                            let asked_for = Signal::derive(move || RestoreFor::Delivery { token: token.clone(), size: chosen.get() });
                            view! { <LinkRestore asked_for/> }.into_any()
                        } else {
                            view! {
                                <a class="button" rel="external" href=move || page.with_value(|p| p.zip_url(chosen.get()))>
                                    {move || format!("Download all ({})", chosen.get().label())}
                                </a>
                                <p class="muted zip-summary">{weight}</p>
                            }.into_any()
                        }}
                    </div>
                })}
            </header>
            <main class="delivery-main">
                {(count == 0).then(|| view! { <p class="empty">"Your photographer has not added photos to this delivery yet."</p> })}
                <ul class="delivery-grid">
                    {view.images.iter().enumerate().map(|(n, image)| {
                        let (w, h) = image.tile_dims();
                        // The first row is what a phone shows first: fetched at once, the rest as
                        // the recipient scrolls.
                        let loading = if n < FIRST_ROW { "eager" } else { "lazy" };
                        let (id, archived) = (image.id, image.archived);
                        let name = image.file_name.clone();
                        view! {
                            <li class="delivery-tile">
                                <img src=image.thumb_url.clone() width=w height=h alt=name.clone() loading=loading/>
                                <div class="delivery-tile-bar">
                                    <span class="file-name" title=name.clone()>{name.clone()}</span>
                                    {move || if archived && waits(chosen.get()) {
                                        view! { <span class="muted">"In long-term storage"</span> }.into_any()
                                    } else {
                                        let name = name.clone();
                                        view! {
                                            <a class="button secondary" rel="external"
                                                href=move || page.with_value(|p| p.file_url(id, chosen.get()))
                                                aria-label=move || format!("Download {name} ({})", chosen.get().label())>"Download"</a>
                                        }.into_any()
                                    }}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </main>
            <footer class="client-footer" id="page-end">
                <p>
                    {format!("Photographs by {}", view.brand.name)}
                    {view.brand.contact_email.clone().map(|email| view! { " · " <a href=format!("mailto:{email}")>"Contact"</a> })}
                </p>
            </footer>
        </div>
    }
}
