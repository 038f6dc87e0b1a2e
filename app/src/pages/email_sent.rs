//! "Check your inbox": where sign-up and "forgot password" land. The page says the same whether
//! or not the address has an account (the email says which).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// After a sign-up.
#[component]
pub fn SignUpSent() -> impl IntoView {
    view! {
        <Title text="Check your inbox · Proofroom"/>
        <main class="narrow">
            <h1>"Check your inbox"</h1>
            <p>"We have sent you an email. Open the link in it to finish creating your studio; it works for 24 hours."</p>
            <p class="muted">"Nothing arrived after a few minutes? Look in your spam folder, or " <A href="/signup">"sign up again"</A> "."</p>
        </main>
    }
}

/// After asking for a password reset.
#[component]
pub fn ResetSent() -> impl IntoView {
    view! {
        <Title text="Check your inbox · Proofroom"/>
        <main class="narrow">
            <h1>"Check your inbox"</h1>
            <p>"If a studio signs in with that address, we have sent it a link to choose a new password. The link works once, for 30 minutes."</p>
            <p class="muted">"Nothing arrived? Look in your spam folder, check the address, or " <A href="/forgot">"ask again"</A> "."</p>
        </main>
    }
}
