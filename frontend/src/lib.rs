#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page (built to wasm32).

/// Called by the page's loader (`app::client_hydration`, or Leptos's hydration script). Answers a
/// promise that settles once the page is interactive: a lazy route's part (`app::lazy_pages`),
/// and the lightbox's on a page that opens on a photo, are fetched before the page is hydrated,
/// so "hydrated" is only said after that.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn hydrate() {
    // A release bundle aborts at a panic with no hook run (tools/bundle.sh): only a debug
    // bundle sends its panics' messages to the console.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    let Some(body) = document.body() else { return };
    app::components::lightbox::before_hydrating().await;
    leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
    // Browser tests wait for this instead of sleeping.
    let _ = body.set_attribute("data-hydrated", "true");
}
