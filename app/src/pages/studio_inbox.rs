//! `/studio/inbox`: the studio's one inbox. Every gallery with comments, those with unread ones
//! first, each with its threads (a photo and a person), answered in place; ten galleries a page,
//! `?page=N` for the others (plain links, so they work before the app has loaded too).

use crate::api::comments::studio_inbox;
use crate::components::inbox_panel::InboxPanel;
use crate::error::AppError;
use domain::comments::{INBOX_PAGE, InboxPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The studio's comments, gallery by gallery.
#[component]
pub fn StudioInboxPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 0));
    let inbox = crate::resource::resource(move || page.get(), studio_inbox);
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
                    match inbox.await {
                        Ok(inbox) if inbox.galleries.is_empty() => view! {
                            <p class="empty">"No comments yet. What your clients write on their photos comes here, gallery by gallery."</p>
                        }.into_any(),
                        Ok(inbox) => {
                            let pager = pager(&inbox);
                            let panels = inbox
                                .galleries
                                .into_iter()
                                .map(|g| view! { <InboxPanel gallery=g.id gallery_title=g.title first=g.inbox/> })
                                .collect_view();
                            view! { {panels} {pager} }.into_any()
                        }
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

/// The links to the other pages, and which galleries this page shows ("Galleries 11–20 of 34").
fn pager(inbox: &InboxPage) -> impl IntoView + use<> {
    let shown = (inbox.page, inbox.pages, INBOX_PAGE, inbox.total);
    crate::components::pager::pager("Pages of comments", "Galleries", shown, &|n| format!("/studio/inbox?page={n}"))
}
