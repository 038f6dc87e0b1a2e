//! The studio's watermark, in studio settings: what the mark shows (the studio's name, other
//! words, or the logo), where, how large and how strong, with a preview burned on one of the
//! studio's own photos by the same code that marks visitors' previews.

use crate::api::store::{save_watermark, watermark};
use crate::error::AppError;
use domain::store::watermark::{OPACITY_RANGE, SIZE_RANGE};
use domain::store::{WatermarkMark, WatermarkPosition, WatermarkSettings};
use leptos::prelude::*;

/// The watermark card (nothing for a visitor who is not signed in: the page says so). `has_logo`
/// is whether the studio has a logo as the page last loaded it (`None`: not loaded yet).
#[component]
pub fn WatermarkSettingsCard(has_logo: Signal<Option<bool>>) -> impl IntoView {
    let loaded = crate::resource::resource(|| (), |()| watermark());
    view! {
        // (No "Loading…" of its own: the page shows one.)
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let form = match loaded.await {
                    Ok(view) => {
                        let has_logo = Signal::derive(move || has_logo.get().unwrap_or(view.has_logo));
                        watermark_form(view.settings, has_logo, view.preview_url).into_any()
                    }
                    Err(AppError::Unauthenticated) => return ().into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                };
                view! {
                    <section class="card" id="watermark" aria-labelledby="watermark-title">
                        <h2 id="watermark-title">"Watermark"</h2>
                        <p class="muted">"Burned into what visitors see of your store-mode galleries (and of any gallery you choose). Bought files are always clean."</p>
                        {form}
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

fn watermark_form(initial: WatermarkSettings, has_logo: Signal<bool>, preview: String) -> impl IntoView {
    let (kind, words) = match &initial.mark {
        WatermarkMark::StudioName => ("name", String::new()),
        WatermarkMark::Text(words) => ("text", words.clone()),
        WatermarkMark::Logo => ("logo", String::new()),
    };
    let kind = RwSignal::new(kind);
    let words = RwSignal::new(words);
    let position = RwSignal::new(initial.position);
    let size = RwSignal::new(initial.size_percent);
    let opacity = RwSignal::new(initial.opacity_percent);
    let preview = RwSignal::new(preview);
    let note = RwSignal::new(None::<Result<String, String>>);
    // The logo removed while it was the chosen mark: the studio's name is what can be marked.
    Effect::watch(
        move || has_logo.get(),
        move |has_logo, _, _| {
            if !has_logo && kind.get_untracked() == "logo" {
                kind.set("name");
            }
        },
        false,
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mark = match kind.get_untracked() {
            "text" => WatermarkMark::Text(words.get_untracked()),
            "logo" => WatermarkMark::Logo,
            _ => WatermarkMark::StudioName,
        };
        let settings = WatermarkSettings {
            mark,
            position: position.get_untracked(),
            size_percent: size.get_untracked(),
            opacity_percent: opacity.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_watermark(settings).await {
                Ok(view) => {
                    preview.set(view.preview_url);
                    note.set(Some(Ok("Saved. Your galleries’ previews are being marked again.".to_owned())));
                }
                Err(err) => note.set(Some(Err(err.to_string()))),
            }
        });
    };
    let choice = move |value: &'static str, label: Signal<&'static str>, disabled: Signal<bool>| {
        view! {
            <label class="check">
                <input type="radio" name="watermark-mark" disabled=disabled prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value)/>
                {move || label.get()}
            </label>
        }
    };
    view! {
        <form class="stack watermark-form" on:submit=submit>
            <fieldset>
                <legend>"The mark"</legend>
                {choice("name", Signal::derive(|| "The studio’s name"), Signal::derive(|| false))}
                {choice("text", Signal::derive(|| "Your own words"), Signal::derive(|| false))}
                {move || (kind.get() == "text").then(|| view! {
                    <label>"Words" <input type="text" maxlength="60" required placeholder="© Studio · proof"
                        prop:value=words on:input=move |ev| words.set(event_target_value(&ev))/></label>
                })}
                {choice(
                    "logo",
                    Signal::derive(move || if has_logo.get() { "Your logo (made white)" } else { "Your logo (upload one above first)" }),
                    Signal::derive(move || !has_logo.get()),
                )}
            </fieldset>
            <label for="watermark-position">"Position"</label>
                <select id="watermark-position" on:change=move |ev| if let Some(p) = WatermarkPosition::parse(&event_target_value(&ev)) { position.set(p) }>
                    {WatermarkPosition::ALL.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=p == initial.position>{p.label()}</option>
                    }).collect_view()}
                </select>
            <label>{move || format!("Size: {} % of the photo’s width", size.get())}
                <input type="range" min=*SIZE_RANGE.start() max=*SIZE_RANGE.end() step="5" prop:value=move || size.get().to_string()
                    on:input=move |ev| if let Ok(v) = event_target_value(&ev).parse() { size.set(v) }/>
            </label>
            <label>{move || format!("Opacity: {} %", opacity.get())}
                <input type="range" min=*OPACITY_RANGE.start() max=*OPACITY_RANGE.end() step="5" prop:value=move || opacity.get().to_string()
                    on:input=move |ev| if let Ok(v) = event_target_value(&ev).parse() { opacity.set(v) }/>
            </label>
            <button type="submit">"Save watermark"</button>
        </form>
        {move || note.get().map(|n| match n {
            Ok(text) => view! { <p class="ok" role="status">{text}</p> }.into_any(),
            Err(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
        })}
        <figure class="watermark-preview">
            <img src=move || preview.get() alt="A photo with your watermark, as visitors see it" width="480"/>
            <figcaption class="muted">"Preview on one of your photos."</figcaption>
        </figure>
    }
}
