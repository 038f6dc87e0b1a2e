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
use crate::error::AppError;
use domain::archive::{RestoreAsked, RestoreEstimate, RestoreWish};
use domain::policy::DownloadSize;
use leptos::prelude::*;
use std::future::Future;

/// Where asking for a restore stands: the estimate, the address, the answer, the last error.
#[derive(Clone, Copy)]
struct Asking {
    estimate: RwSignal<Option<Result<RestoreEstimate, String>>>,
    email: RwSignal<String>,
    asked: RwSignal<Option<RestoreAsked>>,
    error: RwSignal<Option<String>>,
    sending: RwSignal<bool>,
}

impl Asking {
    /// Starts by loading the estimate with `load`, from the browser only (effects do not run on
    /// the server); the address the server knows is offered.
    fn new<F, Fut>(load: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<RestoreEstimate, AppError>> + 'static,
    {
        let this = Self {
            estimate: RwSignal::new(None),
            email: RwSignal::new(String::new()),
            asked: RwSignal::new(None),
            error: RwSignal::new(None),
            sending: RwSignal::new(false),
        };
        Effect::new(move |_| {
            let found = load();
            leptos::task::spawn_local(async move {
                let found = found.await;
                // The dialog may have been closed (or redrawn) while the estimate was on its way:
                // then there is nothing left to fill in.
                let Some(typed) = this.email.try_get_untracked() else { return };
                if let Ok(RestoreEstimate { email: Some(given), .. }) = &found
                    && typed.is_empty()
                {
                    this.email.set(given.clone());
                }
                this.estimate.set(Some(found.map_err(|e| e.to_string())));
            });
        });
        this
    }

    /// Asks with `ask` (given the address typed).
    fn ask<Fut>(self, ask: impl FnOnce(String) -> Fut + 'static)
    where
        Fut: Future<Output = Result<RestoreAsked, AppError>> + 'static,
    {
        self.sending.set(true);
        self.error.set(None);
        let answer = ask(self.email.get_untracked());
        leptos::task::spawn_local(async move {
            // (Setting a signal of a dialog closed meanwhile does nothing.)
            match answer.await {
                Ok(done) => self.asked.set(Some(done)),
                Err(e) => self.error.set(Some(e.to_string())),
            }
            self.sending.set(false);
        });
    }

    /// The estimate as a sentence (or why there is none).
    fn estimate_text(self) -> String {
        match self.estimate.get() {
            None => "Working out how long a restore takes…".to_owned(),
            Some(Ok(found)) => found.sentence(),
            Some(Err(why)) => why,
        }
    }

    /// How long the emailed link works, once the estimate (which knows) has come.
    fn link_text(self) -> String {
        match self.estimate.get() {
            Some(Ok(found)) => found.link_sentence(),
            _ => "We email you a download link when they are ready.".to_owned(),
        }
    }

    /// The button waits for the estimate and for an answer being sent.
    fn may_ask(self) -> bool {
        !self.sending.get() && matches!(self.estimate.get(), Some(Ok(_)))
    }

    /// The address field.
    fn email_field(self) -> impl IntoView {
        view! {
            <label>"Email the link to"
                <input type="email" name="email" autocomplete="email" required
                    aria-describedby="restore-error"
                    aria-invalid=move || if self.error.get().is_some() { "true" } else { "false" }
                    prop:value=move || self.email.get() on:input=move |ev| self.email.set(event_target_value(&ev))/>
            </label>
        }
    }

    fn error_note(self) -> impl IntoView {
        move || self.error.get().map(|e| view! { <p class="error" role="alert" id="restore-error">{e}</p> })
    }
}

/// The dialog, while a restore is being considered.
#[component]
pub fn RestoreDialog(downloads: Downloads) -> impl IntoView {
    let wish = downloads.restore_wish();
    move || wish.get().map(|w| on_demand(restore_dialog(downloads, w)))
}

#[lazy]
fn restore_dialog(downloads: Downloads, wish: RestoreWish) -> AnyView {
    let slug = StoredValue::new(downloads.slug());
    let asking = Asking::new(move || estimate_restore(slug.get_value(), wish));
    let close = move || downloads.restore_wish().set(None);
    let ask = move || asking.ask(move |email| ask_restore(slug.get_value(), wish, email));
    let frame = NodeRef::<leptos::html::Div>::new();
    let keys = modal(frame, close);
    // Once asked, the form gives way to the answer: focus goes to it, so it is read out.
    let answer = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if asking.asked.get().is_some()
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
                <Show when=move || asking.asked.get().is_none() fallback=move || view! {
                    <p class="restore-asked" role="status" tabindex="-1" node_ref=answer>
                        {move || asking.asked.get().map(|a| a.sentence())}
                    </p>
                    <div class="row"><button type="button" on:click=move |_| close()>"Close"</button></div>
                }>
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                        <p class="restore-estimate" aria-live="polite">{move || asking.estimate_text()}</p>
                        <p class="muted">{move || asking.link_text()}</p>
                        {asking.email_field()}
                        {asking.error_note()}
                        <div class="row">
                            <button type="submit" disabled=move || !asking.may_ask()>"Restore and email me"</button>
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
    let asking = Asking::new(move || {
        let asked_for = asked_for.get_value();
        async move {
            match asked_for {
                RestoreFor::Delivery { token, size } => estimate_delivery_restore(token, size).await,
                RestoreFor::Order { token } => estimate_order_restore(token).await,
            }
        }
    });
    let ask = move || {
        asking.ask(move |email| async move {
            match asked_for.get_value() {
                RestoreFor::Delivery { token, size } => ask_delivery_restore(token, size, email).await,
                RestoreFor::Order { token } => ask_order_restore(token, email).await,
            }
        })
    };
    view! {
        <div class="restore-ask stack">
            <p class="restore-estimate" aria-live="polite">{move || asking.estimate_text()}</p>
            <Show when=move || asking.asked.get().is_none() fallback=move || view! {
                <p class="restore-asked" role="status">{move || asking.asked.get().map(|a| a.sentence())}</p>
            }>
                <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                    {asking.email_field()}
                    <button type="submit" disabled=move || !asking.may_ask()>"Restore and email me"</button>
                </form>
            </Show>
            {asking.error_note()}
        </div>
    }
    .into_any()
}
