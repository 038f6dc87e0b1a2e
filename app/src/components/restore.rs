//! The restore dialog: a download that needs originals from long-term storage says what a restore
//! takes ("12 photos (1.30 GB) … about 3 minutes") before the visitor asks, takes the address to
//! email the link to (theirs, when they gave one), then says when to expect it. A delivery set's
//! recipient or a buyer asks the same from the delivery or order page (`LinkRestore`). The
//! dialog's code is fetched the first time one opens.

use super::downloads::Downloads;
use super::modal::modal;
use super::on_demand::on_demand;
use crate::api::archive::{
    ask_delivery_restore, ask_order_restore, ask_restore, estimate_delivery_restore, estimate_order_restore,
    estimate_restore,
};
use domain::archive::{RestoreAsked, RestoreEstimate, RestoreWish};
use domain::policy::DownloadSize;
use leptos::prelude::*;

/// The dialog, while a restore is being considered.
#[component]
pub fn RestoreDialog(downloads: Downloads) -> impl IntoView {
    let wish = downloads.restore_wish();
    move || wish.get().map(|w| on_demand(restore_dialog(downloads, w)))
}

#[lazy]
fn restore_dialog(downloads: Downloads, wish: RestoreWish) -> AnyView {
    let slug = StoredValue::new(downloads.slug());
    let estimate = RwSignal::new(None::<Result<RestoreEstimate, String>>);
    let email = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<RestoreAsked>);
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // Asked from the browser only (effects do not run on the server).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let found = estimate_restore(slug.get_value(), wish).await;
            if let Ok(RestoreEstimate { email: Some(given), .. }) = &found
                && email.get_untracked().is_empty()
            {
                email.set(given.clone());
            }
            estimate.set(Some(found.map_err(|e| e.to_string())));
        });
    });
    let close = move || downloads.restore_wish().set(None);
    let ask = move || {
        sending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match ask_restore(slug.get_value(), wish, email.get_untracked()).await {
                Ok(done) => asked.set(Some(done)),
                Err(e) => error.set(Some(e.to_string())),
            }
            sending.set(false);
        });
    };
    let frame = NodeRef::<leptos::html::Div>::new();
    let keys = modal(frame, close);
    // Once asked, the form gives way to the answer: focus goes to it, so it is read out.
    let answer = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if asked.get().is_some()
            && let Some(p) = answer.get()
        {
            let _ = p.focus();
        }
    });
    view! {
        <div class="dialog-backdrop">
            <div class="dialog restore-dialog" role="dialog" aria-modal="true" aria-labelledby="restore-title"
                tabindex="-1" node_ref=frame on:keydown=keys>
                <h2 id="restore-title">"In long-term storage"</h2>
                <Show when=move || asked.get().is_none() fallback=move || view! {
                    <p class="restore-asked" role="status" tabindex="-1" node_ref=answer>
                        {move || asked.get().map(|a| a.sentence())}
                    </p>
                    <div class="row"><button type="button" on:click=move |_| close()>"Close"</button></div>
                }>
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                        <p class="restore-estimate" aria-live="polite">
                            {move || match estimate.get() {
                                None => "Working out how long a restore takes…".to_owned(),
                                Some(Ok(found)) => found.sentence(),
                                Some(Err(why)) => why,
                            }}
                        </p>
                        <p class="muted">"We email you a download link when they are ready. It works for 7 days."</p>
                        <label>"Email the link to"
                            <input type="email" name="email" autocomplete="email" required
                                prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                        </label>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <div class="row">
                            <button type="submit" disabled=move || sending.get() || !matches!(estimate.get(), Some(Ok(_)))>
                                "Restore and email me"
                            </button>
                            <button type="button" class="secondary" on:click=move |_| close()>"Cancel"</button>
                        </div>
                    </form>
                </Show>
            </div>
        </div>
    }
    .into_any()
}

/// What a link's page asks to have restored: a delivery set's files in a size, or a paid order's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreFor {
    Delivery { token: String, size: DownloadSize },
    Order { token: String },
}

/// "Download all" on a delivery or order page whose files wait in long-term storage: what a
/// restore takes, and asking for it (no dialog: the page has nothing else to do meanwhile).
///
/// Not a lazy part: these pages render it on the server, and hydration needs its code at once.
#[component]
pub fn LinkRestore(#[prop(into)] asked_for: Signal<RestoreFor>) -> impl IntoView {
    move || link_restore(asked_for.get())
}

fn link_restore(asked_for: RestoreFor) -> AnyView {
    let asked_for = StoredValue::new(asked_for);
    let estimate = RwSignal::new(None::<Result<RestoreEstimate, String>>);
    let email = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<RestoreAsked>);
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // Asked from the browser only (effects do not run on the server).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let found = match asked_for.get_value() {
                RestoreFor::Delivery { token, size } => estimate_delivery_restore(token, size).await,
                RestoreFor::Order { token } => estimate_order_restore(token).await,
            };
            if let Ok(RestoreEstimate { email: Some(given), .. }) = &found
                && email.get_untracked().is_empty()
            {
                email.set(given.clone());
            }
            estimate.set(Some(found.map_err(|e| e.to_string())));
        });
    });
    let ask = move || {
        sending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let to = email.get_untracked();
            let answer = match asked_for.get_value() {
                RestoreFor::Delivery { token, size } => ask_delivery_restore(token, size, to).await,
                RestoreFor::Order { token } => ask_order_restore(token, to).await,
            };
            match answer {
                Ok(done) => asked.set(Some(done)),
                Err(e) => error.set(Some(e.to_string())),
            }
            sending.set(false);
        });
    };
    view! {
        <div class="restore-ask stack">
            <p class="restore-estimate" aria-live="polite">
                {move || match estimate.get() {
                    None => "Working out how long a restore takes…".to_owned(),
                    Some(Ok(found)) => found.sentence(),
                    Some(Err(why)) => why,
                }}
            </p>
            <Show when=move || asked.get().is_none() fallback=move || view! {
                <p class="restore-asked" role="status">{move || asked.get().map(|a| a.sentence())}</p>
            }>
                <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                    <label>"Email the link to"
                        <input type="email" name="email" autocomplete="email" required
                            prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" disabled=move || sending.get() || !matches!(estimate.get(), Some(Ok(_)))>
                        "Restore and email me"
                    </button>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
    .into_any()
}
