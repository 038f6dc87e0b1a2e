//! The photographer's settings for one gallery: permissions, download PIN, downloads by set and
//! where its originals are stored.
//! Settings save as they change; the PIN is an action (set, reset, remove) whose result is shown
//! once. The server checks every value again.

mod download_pin;
mod permissions;
mod save_state;
mod set_downloads;
mod storage;

use domain::dto::GalleryEditorView;
use download_pin::DownloadPinCard;
use leptos::prelude::*;
use permissions::PermissionsForm;
use set_downloads::SetDownloadsCard;
use storage::StorageCard;

/// The settings tab's cards.
#[component]
pub fn SettingsPanel(view: GalleryEditorView) -> impl IntoView {
    let gallery = view.id;
    view! {
        {view.store_mode.then(|| view! {
            <p class="note" role="note">
                <strong>"Store mode is on. "</strong>
                "While the gallery sells, visitors have no selects, comments, annotations, compare or free downloads, and neither the gallery password nor the download PIN is asked. What you choose below is kept, and applies again when you turn store mode off in the "
                <a href=format!("/studio/galleries/{gallery}?tab=store")>"Store tab"</a>"."
            </p>
        })}
        <PermissionsForm gallery initial=view.settings/>
        <DownloadPinCard gallery has_pin=view.has_pin/>
        {(!view.sets.is_empty()).then(|| view! {
            <SetDownloadsCard gallery sets=view.sets download_sets=view.download_sets/>
        })}
        <StorageCard gallery/>
    }
}
