#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page (built to wasm32).

/// Called by the hydration script Leptos puts in every page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
