//! `/studio/inbox`: the studio's one inbox. Every gallery with comments, those with unread ones
//! first, each with its threads (a photo and a person), answered in place.

use crate::api::comments::studio_inbox;
use crate::components::inbox_panel::InboxPanel;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// The studio's comments, gallery by gallery.
#[component]
pub fn StudioInboxPage() -> impl IntoView {
    let galleries = crate::resource::resource(|| (), |_| studio_inbox());
    view! {
        <Title text="Comments · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"Proofroom"</a>
            <a href="/studio">"Galleries"</a>
            <a href="/studio/inbox" aria-current="page">"Comments"</a>
            <a href="/studio/report">"Reports"</a>
            <a href="/studio/price-sheets">"Price sheets"</a>
            <a href="/studio/settings">"Studio settings"</a>
        </header>
        <main class="wide">
            <h1>"Comments"</h1>
            <Suspense fallback=|| view! { <p>"Loading comments…"</p> }>
                {move || Suspend::new(async move {
                    match galleries.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"No comments yet. What your clients write on their photos comes here, gallery by gallery."</p>
                        }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|g| view! { <InboxPanel gallery=g.id gallery_title=g.title first=g.inbox/> })
                            .collect_view()
                            .into_any(),
                        Err(AppError::Unauthenticated) => view! {
                            <p>"Sign in to read your clients' comments. " <a href="/signin">"Sign in"</a></p>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
