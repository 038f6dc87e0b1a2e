//! The editor's Store tab: store mode on or off (what it changes is listed before confirming),
//! the price sheet the gallery sells from, and watermarked previews outside store mode.

use crate::api::store::{gallery_store, set_store_mode, set_watermark_previews};
use domain::ids::{GalleryId, PriceSheetId};
use domain::store::views::GalleryStoreView;
use leptos::prelude::*;

/// What store mode changes, as the photographer reads it before turning it on.
pub const STORE_MODE_EFFECTS: [&str; 6] = [
    "Favourites (selects), comments, annotations and compare are switched off.",
    "Free downloads are switched off: buyers download exactly the licences they paid for.",
    "The gallery password and the download PIN are not asked while the gallery is a shop.",
    "Visitors’ previews carry your watermark (set it in Studio settings); bought files are clean.",
    "Sharing and contact sheets stay as they are, on or off.",
    "Turning store mode off later gives back every switch exactly as it is now.",
];

/// The Store tab.
#[component]
pub fn StorePanel(gallery: GalleryId) -> impl IntoView {
    let version = RwSignal::new(0usize);
    let store = crate::resource::resource(move || version.get(), move |_| gallery_store(gallery));
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card store-panel">
            <h2>"Store"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match store.await {
                        Ok(view) => store_body(view, version, error).into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

fn store_body(view: GalleryStoreView, version: RwSignal<usize>, error: RwSignal<Option<String>>) -> impl IntoView {
    let gallery = view.gallery;
    let sheet = RwSignal::new(view.price_sheet.or_else(|| view.sheets.first().map(|(id, _)| *id)));
    let confirming = RwSignal::new(false);
    let on = view.store_mode;
    let apply = move |turn_on: bool| {
        let chosen = sheet.get_untracked();
        leptos::task::spawn_local(async move {
            match set_store_mode(gallery, turn_on, chosen).await {
                Ok(_) => {
                    error.set(None);
                    confirming.set(false);
                    version.update(|v| *v += 1);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        });
    };
    let status = if on {
        "Store mode is on: visitors buy licences for the photos they want."
    } else {
        "Store mode is off: the gallery works as a proofing and delivery gallery."
    };
    let picker = (!view.sheets.is_empty()).then(|| {
        let sheets = view.sheets.clone();
        view! {
            <label for="store-sheet">"Sell from the price sheet"</label>
                <select id="store-sheet" on:change=move |ev| sheet.set(event_target_value(&ev).parse::<PriceSheetId>().ok())>
                    {sheets.into_iter().map(|(id, label)| {
                        let selected = sheet.get_untracked() == Some(id);
                        view! { <option value=id.to_string() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
        }
    });
    let no_sheet = view.sheets.is_empty().then(|| view! {
        <p>"Make a price sheet with at least one licence first. " <a href="/studio/price-sheets">"Price sheets"</a></p>
    });
    // As loaded with the rest of the tab, so a reload after any action shows what is saved; a
    // change that could not be saved goes back.
    let watermark = RwSignal::new(view.watermark_previews);
    let save_watermark = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        watermark.set(checked);
        leptos::task::spawn_local(async move {
            match set_watermark_previews(gallery, checked).await {
                Ok(()) => {
                    error.try_set(None);
                }
                Err(err) => {
                    watermark.try_set(!checked);
                    error.try_set(Some(err.to_string()));
                }
            }
        });
    };
    view! {
        <p class=if on { "ok" } else { "muted" } role="status">{status}</p>
        {picker}
        {no_sheet}
        {if on {
            view! {
                <div class="row-actions">
                    <button type="button" on:click=move |_| apply(true)>"Save price sheet"</button>
                    <button type="button" class="secondary" on:click=move |_| apply(false)>"Turn store mode off"</button>
                </div>
            }.into_any()
        } else {
            view! {
                <button type="button" disabled=view.sheets.is_empty() on:click=move |_| confirming.set(true)>"Turn store mode on…"</button>
            }.into_any()
        }}
        {move || confirming.get().then(|| {
            let frame = NodeRef::<leptos::html::Div>::new();
            let keys = crate::components::modal::modal(frame, move || confirming.set(false));
            view! {
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="store-confirm-title" tabindex="-1"
                    node_ref=frame on:keydown=keys>
                    <h2 id="store-confirm-title">"Turn store mode on?"</h2>
                    <ul>{STORE_MODE_EFFECTS.iter().map(|e| view! { <li>{*e}</li> }).collect_view()}</ul>
                    // A refusal is said here, in the dialog the photographer is looking at (the
                    // card's own line is behind the backdrop).
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    <div class="dialog-actions">
                        <button type="button" on:click=move |_| apply(true)>"Turn store mode on"</button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </div>
            }
        })}
        <label class="check">
            <input type="checkbox" prop:checked=watermark on:change=save_watermark/>
            "Watermark visitors’ previews even when store mode is off"
        </label>
        <p class="muted">
            {if view.card_payments { "Buyers can pay by card (Stripe) or by invoice. " } else { "Buyers pay by invoice or in person; you mark their orders paid. " }}
            <a href="/studio/price-sheets">"Price sheets"</a> " · " <a href="/studio/settings#watermark">"Watermark"</a>
        </p>
    }
}
