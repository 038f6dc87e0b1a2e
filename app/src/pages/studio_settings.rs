//! `/studio/settings`: the branding every gallery of the studio carries, and its watermark.

use crate::api::studio::{RemoveLogo, UpdateStudio, load_studio_settings};
use crate::components::error_note::ActionError;
use crate::components::notifications_card::NotificationsCard;
use crate::components::upload::{Outcome, send_file};
use crate::components::watermark_settings::WatermarkSettingsCard;
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Name, accent colour and contact email.
#[component]
pub fn StudioSettingsPage() -> impl IntoView {
    let save = ServerAction::<UpdateStudio>::new();
    let remove_logo = ServerAction::<RemoveLogo>::new();
    let logo_state = RwSignal::new(None::<Outcome>);
    let settings = crate::resource::resource(
        move || (save.version().get(), remove_logo.version().get(), logo_state.get() == Some(Outcome::Done)),
        |_| load_studio_settings(),
    );
    let upload_logo = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        logo_state.set(Some(Outcome::Sending));
        let finished = move |outcome: Outcome, _: String| logo_state.set(Some(outcome));
        if let Err(reason) = send_file("/api/studio/logo", &file, RwSignal::new(0.0), finished) {
            logo_state.set(Some(Outcome::Failed(reason)));
        }
        input.set_value("");
    };
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
                                <label>"Contact email for clients (optional)" <input type="email" name="contact_email" value=s.contact_email aria-describedby="contact-help"/></label>
                                <p id="contact-help" class="muted">"Shown on your galleries as “Contact”. Leave it empty to show none; your sign-in address is never shown."</p>
                                <button type="submit">"Save settings"</button>
                            </ActionForm>
                            <section class="card">
                                <h2>"Logo"</h2>
                                {s.logo_url.clone().map(|url| view! {
                                    <img class="logo-preview" src=url alt="Your logo"/>
                                    <button class="secondary" on:click=move |_| { remove_logo.dispatch(RemoveLogo {}); }>"Remove logo"</button>
                                })}
                                <label class="button secondary">
                                    {if s.logo_url.is_some() { "Replace logo" } else { "Upload logo" }}
                                    <input type="file" accept="image/jpeg,image/png,image/webp,image/tiff" class="visually-hidden" on:change=upload_logo/>
                                </label>
                                <p class="muted">"JPEG, PNG, TIFF or WebP, up to 5 MB. Shown at most 512 px wide."</p>
                            </section>
                            <WatermarkSettingsCard/>
                            <NotificationsCard/>
                            <p class="muted">{format!("You sign in as {}.", s.email)}</p>
                        }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to change your studio. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionError value=save.value()/>
            {move || match logo_state.get() {
                Some(Outcome::Sending) => Some(view! { <p role="status">"Uploading the logo…"</p> }.into_any()),
                Some(Outcome::Failed(reason)) => Some(view! { <p class="error" role="alert">{reason}</p> }.into_any()),
                _ => None,
            }}
            {move || save.value().get().and_then(Result::ok).map(|()| view! { <p class="ok" role="status">"Saved."</p> })}
        </main>
    }
}
