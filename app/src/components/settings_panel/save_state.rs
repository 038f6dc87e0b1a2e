//! The line each settings card keeps under its fields: "Saving…" while a change is on its way,
//! "All changes saved" once the server has it. Read out by screen readers as it changes.

use leptos::prelude::*;

/// `busy`: a change not yet saved; `saved`: the last save succeeded (its failure is said by the
/// card's error line).
#[component]
pub fn SaveState(busy: Signal<bool>, saved: Signal<bool>) -> impl IntoView {
    view! {
        <p class="save-state" role="status">
            {move || if busy.get() { "Saving…" } else if saved.get() { "All changes saved" } else { "" }}
        </p>
    }
}
