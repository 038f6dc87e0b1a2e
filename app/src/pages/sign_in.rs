//! Photographer sign-in.

use crate::api::auth::SignIn as SignInFn;
use crate::components::error_note::ActionError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The sign-in form (works without JavaScript too).
#[component]
pub fn SignIn() -> impl IntoView {
    let action = ServerAction::<SignInFn>::new();
    view! {
        <Title text="Sign in · Proofroom"/>
        <main class="narrow">
            <h1>"Sign in"</h1>
            <ActionForm action=action attr:class="stack">
                <label>"Email" <input type="email" name="email" autocomplete="email" required/></label>
                <label>"Password" <input type="password" name="password" autocomplete="current-password" required/></label>
                <button type="submit" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
            <ActionError value=action.value()/>
            <p><A href="/forgot">"Forgot your password?"</A></p>
            <p>"New to Proofroom? " <A href="/signup">"Create a studio"</A></p>
        </main>
    }
}
