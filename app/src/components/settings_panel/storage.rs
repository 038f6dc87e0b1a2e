//! Where the gallery's originals are: live and in the archive (photos and bytes), with "Archive
//! now" and "Restore". Previews stay live either way, so visitors see the same gallery; an
//! archived original is downloaded after a restore.

use crate::api::archive::{ArchiveGallery, RestoreGallery, read_gallery_storage};
use crate::components::error_note::ActionError;
use domain::ids::GalleryId;
use leptos::prelude::*;
use std::time::Duration;

/// The storage card.
#[component]
pub fn StorageCard(gallery: GalleryId) -> impl IntoView {
    let archive = ServerAction::<ArchiveGallery>::new();
    let restore = ServerAction::<RestoreGallery>::new();
    // Read again after each action, and every few seconds while a move is under way.
    let tick = RwSignal::new(0u32);
    let storage = crate::resource::resource(
        move || (archive.version().get(), restore.version().get(), tick.get()),
        move |_| read_gallery_storage(gallery),
    );
    Effect::new(move |_| {
        if storage.get().and_then(Result::ok).is_some_and(|s| s.moving) {
            set_timeout(move || tick.update(|t| *t += 1), Duration::from_secs(3));
        }
    });
    view! {
        <section class="card storage-card" aria-labelledby="storage-title">
            <h2 id="storage-title">"Storage"</h2>
            <p class="muted">"Originals of photos older than a year move to long-term storage; previews stay, so the gallery looks the same. Clients ask for archived originals and get a download link by email once they are restored."</p>
            <p class="storage-figures" role="status">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match storage.await {
                            Ok(found) if found.moving => format!("{} · moving…", found.label()),
                            Ok(found) => found.label(),
                            Err(e) => e.to_string(),
                        }
                    })}
                </Transition>
            </p>
            <div class="row">
                <button class="secondary" on:click=move |_| { archive.dispatch(ArchiveGallery { id: gallery }); }>
                    "Archive originals now"
                </button>
                <button class="secondary" on:click=move |_| { restore.dispatch(RestoreGallery { id: gallery }); }>
                    "Restore all originals"
                </button>
            </div>
            <ActionError value=archive.value()/>
            <ActionError value=restore.value()/>
        </section>
    }
}
