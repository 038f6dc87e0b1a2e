//! Studio sign-up: the form, then "check your inbox" (the emailed link creates the studio).

use crate::api::auth::SignUp as SignUpFn;
use crate::components::error_note::ActionError;
use domain::validation::MIN_PASSWORD_CHARS;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The sign-up form.
#[component]
pub fn SignUp() -> impl IntoView {
    let action = ServerAction::<SignUpFn>::new();
    view! {
        <Title text="Create a studio · Proofroom"/>
        <main class="narrow">
            <h1>"Create your studio"</h1>
            <ActionForm action=action attr:class="stack">
                <label>"Studio name" <input type="text" name="studio_name" autocomplete="organization" required/></label>
                <label>"Email" <input type="email" name="email" autocomplete="email" required/></label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="new-password" minlength=MIN_PASSWORD_CHARS required/>
                    <small>{format!("At least {MIN_PASSWORD_CHARS} characters.")}</small>
                </label>
                <button type="submit" disabled=move || action.pending().get()>"Create studio"</button>
            </ActionForm>
            <ActionError value=action.value()/>
            <p>"Already have a studio? " <A href="/signin">"Sign in"</A></p>
        </main>
    }
}
