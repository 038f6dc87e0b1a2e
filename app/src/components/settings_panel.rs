//! The photographer's settings for one gallery: permissions, download PIN and downloads by set.
//! Settings save as they change; the PIN is an action (set, reset, remove) whose result is shown
//! once. The server checks every value again.

mod download_pin;
mod permissions;
mod save_state;
mod set_downloads;

use domain::dto::GalleryEditorView;
use download_pin::DownloadPinCard;
use leptos::prelude::*;
use permissions::PermissionsForm;
use set_downloads::SetDownloadsCard;

/// The settings tab's three cards.
#[component]
pub fn SettingsPanel(view: GalleryEditorView) -> impl IntoView {
    let gallery = view.id;
    view! {
        <PermissionsForm gallery initial=view.settings/>
        <DownloadPinCard gallery has_pin=view.has_pin/>
        {(!view.sets.is_empty()).then(|| view! {
            <SetDownloadsCard gallery sets=view.sets download_sets=view.download_sets/>
        })}
    }
}
