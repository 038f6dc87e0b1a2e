//! The page for any unknown address.

use leptos::prelude::*;

/// 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="narrow">
            <h1>"Nothing here"</h1>
            <p>"This page does not exist, or the link is no longer valid. Check the address, or ask your photographer for a new link."</p>
            <p><a href="/">"Go to the start page"</a></p>
        </main>
    }
}
