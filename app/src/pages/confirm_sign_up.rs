//! `/signup/confirm/:token`: the page the sign-up email links to. Opening it changes nothing
//! (mail scanners open links too); its button creates the studio, with the password chosen on the
//! sign-up form typed again (so a stranger who signed up with this address cannot finish it).

use crate::api::auth::{ConfirmSignUp, sign_up_link};
use crate::components::error_note::ActionError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The confirmation page.
#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmSignUp>::new();
    let link = crate::resource::resource(token, sign_up_link);
    view! {
        <Title text="Finish creating your studio · Proofroom"/>
        <main class="narrow">
            <h1>"Finish creating your studio"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(email) => view! {
                            <p>{format!("Your email address {email} is confirmed once you press the button.")}</p>
                            <ActionForm action=confirm attr:class="stack">
                                <input type="hidden" name="token" value=untrack(token)/>
                                <label>"The password you chose when signing up"
                                    <input type="password" name="password" autocomplete="current-password" required/>
                                </label>
                                <button type="submit" disabled=move || confirm.pending().get()>"Create my studio"</button>
                            </ActionForm>
                            <ActionError value=confirm.value()/>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
