//! Password reset: `/forgot` asks for the address, `/reset/:token` (the emailed link) asks for
//! the new password. Opening the link changes nothing; its form uses it up.

use crate::api::auth::{RequestPasswordReset, ResetPassword, reset_link};
use crate::components::error_note::ActionError;
use domain::validation::MIN_PASSWORD_CHARS;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/forgot`: where the reset link is asked for.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <Title text="Forgot your password · Proofroom"/>
        <main class="narrow">
            <h1>"Forgot your password?"</h1>
            <p>"Give the address you sign in with; we will email it a link to choose a new password."</p>
            <ActionForm action=action attr:class="stack">
                <label>"Email" <input type="email" name="email" autocomplete="email" required/></label>
                <button type="submit" disabled=move || action.pending().get()>"Email me a link"</button>
            </ActionForm>
            <ActionError value=action.value()/>
        </main>
    }
}

/// `/reset/:token`: the new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let reset = ServerAction::<ResetPassword>::new();
    let link = crate::resource::resource(token, reset_link);
    view! {
        <Title text="Choose a new password · Proofroom"/>
        <main class="narrow">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(email) => view! {
                            <p>{format!("For the studio that signs in as {email}. Choosing it signs you out everywhere else.")}</p>
                            <ActionForm action=reset attr:class="stack">
                                <input type="hidden" name="token" value=untrack(token)/>
                                <input type="email" name="username" value=email autocomplete="username" hidden/>
                                <label>
                                    "New password"
                                    <input type="password" name="password" autocomplete="new-password" minlength=MIN_PASSWORD_CHARS required/>
                                    <small>{format!("At least {MIN_PASSWORD_CHARS} characters.")}</small>
                                </label>
                                <button type="submit" disabled=move || reset.pending().get()>"Save and sign in"</button>
                            </ActionForm>
                            <ActionError value=reset.value()/>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
