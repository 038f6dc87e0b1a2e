//! The start page.

use crate::api::auth::current_user;
use leptos::prelude::*;

/// Explains Proofroom and leads to sign-in, sign-up, or the studio.
#[component]
pub fn Home() -> impl IntoView {
    let me = crate::resource::resource(|| (), |_| current_user());
    view! {
        <main class="narrow home">
            <h1 class="brand">"Proofroom"</h1>
            <p class="lead">"Client galleries for photographers: upload a shoot, arrange it in sets, send one link."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(me)) => view! {
                            <p>"Signed in as " {me.studio_name} ". " <a href="/studio">"Open your galleries"</a></p>
                        }.into_any(),
                        _ => view! {
                            <p class="actions">
                                <a class="button" href="/signin">"Sign in"</a>
                                <a class="button secondary" href="/signup">"Create a studio"</a>
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
