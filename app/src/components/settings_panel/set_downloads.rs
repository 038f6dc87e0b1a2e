//! "Allow downloads" per set: with any set on, only photos in such sets can be downloaded.

use super::save_state::SaveState;
use crate::api::access::SetSetDownloads;
use crate::components::error_note::ActionError;
use domain::dto::SetView;
use domain::ids::{GalleryId, SetId};
use leptos::prelude::*;

/// One switch per set; shown only when the gallery has sets.
#[component]
pub fn SetDownloadsCard(gallery: GalleryId, sets: Vec<SetView>, download_sets: Vec<SetId>) -> impl IntoView {
    let set_downloads = ServerAction::<SetSetDownloads>::new();
    view! {
            <section class="card">
                <h2>"Downloads by set"</h2>
                <p class="muted">"Turn on “allow downloads” for some sets and only their photos can be downloaded; photos in no set cannot. With all off, the whole gallery follows the settings above."</p>
                <ul class="plain">
                    {sets.into_iter().map(|set| {
                        let on = download_sets.contains(&set.id);
                        view! {
                            <li><label class="check">
                                <input type="checkbox" name=format!("allow_downloads_{}", set.id) checked=on
                                    on:change=move |ev| { set_downloads.dispatch(SetSetDownloads { id: gallery, set: set.id, allow: event_target_checked(&ev) }); }/>
                                {format!("Allow downloads: {}", set.name)}
                            </label></li>
                        }
                    }).collect_view()}
                </ul>
                <SaveState busy=Signal::derive(move || set_downloads.pending().get())
                    saved=Signal::derive(move || set_downloads.value().with(|v| matches!(v, Some(Ok(_)))))/>
                <ActionError value=set_downloads.value()/>
            </section>
    }
}
