//! "Allow downloads" per set: with any set on, only photos in such sets can be downloaded.

use super::save_state::SaveState;
use crate::api::access::set_set_downloads;
use crate::components::error_note::ActionError;
use crate::error::AppError;
use domain::dto::SetView;
use domain::ids::{GalleryId, SetId};
use leptos::prelude::*;

/// One switch per set; shown only when the gallery has sets. A switch whose change could not be
/// saved goes back, so it always shows what visitors get.
#[component]
pub fn SetDownloadsCard(gallery: GalleryId, sets: Vec<SetView>, download_sets: Vec<SetId>) -> impl IntoView {
    let saving = RwSignal::new(0usize);
    let last = RwSignal::new(None::<Result<(), AppError>>);
    view! {
            <section class="card">
                <h2>"Downloads by set"</h2>
                <p class="muted">"Turn on “allow downloads” for some sets and only their photos can be downloaded; photos in no set cannot. With all off, the whole gallery follows the settings above."</p>
                <ul class="plain">
                    {sets.into_iter().map(|set| {
                        let on = RwSignal::new(download_sets.contains(&set.id));
                        let change = move |ev: leptos::ev::Event| {
                            let allow = event_target_checked(&ev);
                            on.set(allow);
                            saving.update(|n| *n += 1);
                            leptos::task::spawn_local(async move {
                                let result = set_set_downloads(gallery, set.id, allow).await;
                                saving.try_update(|n| *n -= 1);
                                if result.is_err() {
                                    on.try_set(!allow);
                                }
                                last.try_set(Some(result));
                            });
                        };
                        view! {
                            <li><label class="check">
                                <input type="checkbox" name=format!("allow_downloads_{}", set.id) checked=on.get_untracked()
                                    prop:checked=on on:change=change/>
                                {format!("Allow downloads: {}", set.name)}
                            </label></li>
                        }
                    }).collect_view()}
                </ul>
                <SaveState busy=Signal::derive(move || saving.get() > 0)
                    saved=Signal::derive(move || matches!(last.get(), Some(Ok(()))))/>
                <ActionError value=last/>
            </section>
    }
}
