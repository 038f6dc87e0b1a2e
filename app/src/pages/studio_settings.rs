//! `/studio/settings`: the branding every gallery of the studio carries.

use crate::api::studio::{UpdateStudio, load_studio_settings};
use crate::components::error_note::ActionError;
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Name, accent colour and contact email.
#[component]
pub fn StudioSettingsPage() -> impl IntoView {
    let save = ServerAction::<UpdateStudio>::new();
    let settings = Resource::new(move || save.version().get(), |_| load_studio_settings());
    view! {
        <Title text="Studio settings · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"← Galleries"</a>
        </header>
        <main class="narrow">
            <h1>"Studio settings"</h1>
            <p class="muted">"Your galleries show this name, colour and contact address to your clients."</p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! {
                            <ActionForm action=save attr:class="stack">
                                <label>"Studio name" <input type="text" name="name" value=s.name required/></label>
                                <label>"Accent colour" <input type="color" name="accent_color" value=s.accent_color/></label>
                                <label>"Contact email for clients" <input type="email" name="contact_email" value=s.contact_email required/></label>
                                <button type="submit">"Save settings"</button>
                            </ActionForm>
                            <p class="muted">{format!("You sign in as {}.", s.email)}</p>
                        }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to change your studio. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionError value=save.value()/>
            {move || save.value().get().and_then(Result::ok).map(|()| view! { <p class="ok" role="status">"Saved."</p> })}
        </main>
    }
}
