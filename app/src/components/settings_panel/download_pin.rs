//! The download PIN: set (chosen or random), reset and remove. The new PIN is shown once.

use crate::api::access::{RemoveDownloadPin, SetDownloadPin};
use crate::components::error_note::ActionError;
use domain::ids::GalleryId;
use leptos::prelude::*;

/// The PIN card; `has_pin` is the state when the page was loaded.
#[component]
pub fn DownloadPinCard(gallery: GalleryId, has_pin: bool) -> impl IntoView {
    let set_pin = ServerAction::<SetDownloadPin>::new();
    let remove_pin = ServerAction::<RemoveDownloadPin>::new();
    // Follows the PIN actions, so the panel never needs a reload (which would hide the new PIN).
    let has_pin = RwSignal::new(has_pin);
    Effect::new(move |_| {
        if set_pin.value().get().is_some_and(|r| r.is_ok()) {
            has_pin.set(true);
        }
    });
    Effect::new(move |_| {
        if remove_pin.value().get().is_some_and(|r| r.is_ok()) {
            has_pin.set(false);
            set_pin.value().set(None);
        }
    });
    let pin_text = RwSignal::new(String::new());
    view! {
        <section class="card">
            <h2>"Download PIN"</h2>
            <p class="muted">{move || if has_pin.get() {
                "A PIN is set: visitors enter it once per visit before downloading. Setting a new one makes everyone enter the new PIN."
            } else {
                "No PIN. Set one (4 to 6 digits, or leave empty for a random one) and give it to your clients."
            }}</p>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                set_pin.dispatch(SetDownloadPin { id: gallery, pin: pin_text.get_untracked() });
            }>
                <label>"PIN" <input type="text" name="pin" inputmode="numeric" pattern="[0-9]{4,6}" autocomplete="off" placeholder="random"
                    on:input=move |ev| pin_text.set(event_target_value(&ev))/></label>
                <button type="submit">{move || if has_pin.get() { "Reset PIN" } else { "Set PIN" }}</button>
            </form>
            {move || set_pin.value().get().and_then(Result::ok).map(|pin| view! {
                <p class="pin-shown" role="status">"The PIN is " <strong class="pin">{pin}</strong> ". Note it now: it is not shown again."</p>
            })}
            {move || has_pin.get().then(|| view! {
                <button class="secondary" on:click=move |_| { remove_pin.dispatch(RemoveDownloadPin { id: gallery }); }>"Remove PIN"</button>
            })}
            <ActionError value=set_pin.value()/>
            <ActionError value=remove_pin.value()/>
        </section>
    }
}
