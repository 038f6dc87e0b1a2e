//! `/join/:token`: the page a visitor's emailed sign-in link opens. Opening it changes nothing;
//! its button makes this browser continue as that person (selects, comments, annotations).

use crate::api::client::{JoinAsVisitor, sign_in_link};
use crate::components::error_note::ActionError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// The sign-in page.
#[component]
pub fn JoinPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let join = ServerAction::<JoinAsVisitor>::new();
    let link = crate::resource::resource(token, sign_in_link);
    view! {
        <Title text="Continue on this device"/>
        <Meta name="robots" content="noindex"/>
        <main class="narrow">
            <Suspense fallback=|| view! { <p class="loading">"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(found) => view! {
                            <h1>{format!("Continue in “{}”", found.gallery_title)}</h1>
                            <p>{format!("You will see and change the selects and comments of {} on this device.", found.email)}</p>
                            <ActionForm action=join attr:class="stack">
                                <input type="hidden" name="token" value=untrack(token)/>
                                <button type="submit" disabled=move || join.pending().get()>"Continue"</button>
                            </ActionForm>
                            <ActionError value=join.value()/>
                        }.into_any(),
                        Err(err) => view! {
                            <h1>"This link does not work"</h1>
                            <p class="error" role="alert">{err.to_string()}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
