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

/// Name, accent colour and contact email, the logo, the watermark and notifications.
#[component]
pub fn StudioSettingsPage() -> impl IntoView {
    let save = ServerAction::<UpdateStudio>::new();
    let remove_logo = ServerAction::<RemoveLogo>::new();
    let logo_state = RwSignal::new(None::<Outcome>);
    let settings = crate::resource::resource(
        move || (save.version().get(), remove_logo.version().get(), logo_state.get() == Some(Outcome::Done)),
        |_| load_studio_settings(),
    );
    // What is typed and not saved yet: the form is drawn anew when the logo changes.
    let typed =
        Typed { name: RwSignal::new(None), accent_color: RwSignal::new(None), contact_email: RwSignal::new(None) };
    // Whether the studio has a logo, as last loaded (the watermark's "Your logo" depends on it).
    let has_logo = Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.logo_url.is_some()));
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
                        Ok(s) => {
                            let saved_accent = s.accent_color.clone();
                            let chosen = move || typed.accent_color.get().unwrap_or_else(|| saved_accent.clone());
                            view! {
                            <ActionForm action=save attr:class="stack">
                                <label>"Studio name" {field("text", "name", typed.name, s.name)}</label>
                                <label>"Accent colour" {field("color", "accent_color", typed.accent_color, s.accent_color)}</label>
                                <p id="accent-help" class="muted" aria-live="polite">{move || accent_note(&chosen())}</p>
                                <label>"Contact email for clients (optional)" {field("email", "contact_email", typed.contact_email, s.contact_email)}</label>
                                <p id="contact-help" class="muted">"Shown on your galleries as “Contact”. Leave it empty to show none; your sign-in address is never shown."</p>
                                <button type="submit">"Save settings"</button>
                            </ActionForm>
                            <p class="muted">{format!("You sign in as {}.", s.email)}</p>
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
                        }.into_any()
                        }
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to change your studio. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionError value=save.value()/>
            <ActionError value=remove_logo.value()/>
            {move || match logo_state.get() {
                Some(Outcome::Sending) => Some(view! { <p role="status">"Uploading the logo…"</p> }.into_any()),
                Some(Outcome::Failed(reason)) => Some(view! { <p class="error" role="alert">{reason}</p> }.into_any()),
                _ => None,
            }}
            {move || save.value().get().and_then(Result::ok).map(|()| view! { <p class="ok" role="status">"Saved."</p> })}
            // Outside the form's `Suspend`: saving the studio or changing the logo must not make
            // them anew, with a watermark or notifications half-changed. Each shows nothing to a
            // visitor who is not signed in.
            <WatermarkSettingsCard has_logo/>
            <NotificationsCard/>
        </main>
    }
}

/// What clients see of a pale accent: it is darkened where text sits on it (`domain::brand`).
fn accent_note(chosen: &str) -> String {
    let chosen = chosen.trim().to_ascii_lowercase();
    let shown = domain::brand::readable_accent(&chosen);
    if shown == chosen || domain::brand::rgb(&chosen).is_none() {
        String::new()
    } else {
        format!(
            "White text would be hard to read on this colour, so buttons and links show it a little darker ({shown})."
        )
    }
}

/// The studio's fields as typed, `None` where unchanged (the saved value shows).
#[derive(Clone, Copy)]
struct Typed {
    name: RwSignal<Option<String>>,
    accent_color: RwSignal<Option<String>>,
    contact_email: RwSignal<Option<String>>,
}

/// A field of the studio's form: `saved` in the page as sent (so the form works before the script
/// runs), what was typed once it does. (What was typed is kept after it is saved, when it is the
/// saved value: clearing it then would wake the field this one replaced.)
fn field(kind: &'static str, name: &'static str, typed: RwSignal<Option<String>>, saved: String) -> impl IntoView {
    let value = saved.clone();
    view! {
        <input type=kind name=name value=saved required=name == "name"
            aria-describedby=match name {
                "contact_email" => Some("contact-help"),
                "accent_color" => Some("accent-help"),
                _ => None,
            }
            prop:value=move || typed.get().unwrap_or_else(|| value.clone())
            on:input=move |ev| typed.set(Some(event_target_value(&ev)))/>
    }
}
