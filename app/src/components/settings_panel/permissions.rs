//! The gallery's permissions: the seven switches, download sizes and custom sizes, each role's
//! download right, the high-res quota and email tracking. Every change saves itself (as the
//! other cards of the tab do), and the card says when it is saved.

use super::save_state::SaveState;
use crate::api::access::{SaveGallerySettings, save_gallery_settings};
use crate::components::error_note::ActionError;
use domain::ids::GalleryId;
use domain::policy::{DownloadRight, Role, RoleRights};
use domain::settings::GallerySettings;
use leptos::prelude::*;
use std::time::Duration;

/// The form of switches, sizes, rights, quota and email tracking, saved together.
#[component]
pub fn PermissionsForm(gallery: GalleryId, initial: GallerySettings) -> impl IntoView {
    let settings = RwSignal::new(initial);
    let save = ServerAction::<SaveGallerySettings>::new();
    let switch = move |label: &'static str,
                       name: &'static str,
                       read: fn(&GallerySettings) -> bool,
                       write: fn(&mut GallerySettings, bool)| {
        view! {
            <label class="check">
                <input type="checkbox" name=name prop:checked=move || settings.with(read)
                    on:change=move |ev| settings.update(|s| write(s, event_target_checked(&ev)))/>
                {label}
            </label>
        }
    };
    let number = move |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
    // A number field: empty means "none"; anything else must be a whole number, or the panel
    // says so under the field and keeps the last good value (a typo must not silently lift a
    // quota). The other settings go on saving meanwhile: the typo never reached them.
    let invalid = RwSignal::new(None::<&'static str>);
    let parse = move |name: &'static str, ev: &leptos::ev::Event| -> Option<Option<u32>> {
        let input: web_sys::HtmlInputElement = event_target(ev);
        // Something that is no number ("5-") reads as an empty value: it is not "none".
        let text = input.value();
        let text = text.trim();
        let parsed = if input.validity().bad_input() {
            None
        } else if text.is_empty() {
            Some(None)
        } else {
            text.parse::<u32>().ok().map(Some)
        };
        invalid.update(|shown| match parsed {
            None => *shown = Some(name),
            Some(_) if *shown == Some(name) => *shown = None,
            Some(_) => {}
        });
        parsed
    };
    // A field showing a typo is read again at every keystroke: mended, it counts at once. (A field
    // emptied after "5-" sends no change: its value was "" all along.)
    let corrected = move |name: &'static str, ev: &leptos::ev::Event| {
        if invalid.get_untracked() == Some(name) { parse(name, ev) } else { None }
    };
    // Whether the field `name` holds a typo, and the sentence under it.
    let invalid_here = move |name: &'static str| move || (invalid.get() == Some(name)).to_string();
    let error_of = move |name: &'static str| {
        move || {
            (invalid.get() == Some(name)).then(|| {
                view! {
                    <p class="error" id=format!("{name}-error") role="alert">
                        "Enter a whole number, or leave the field empty for none."
                    </p>
                }
            })
        }
    };
    // One side of the custom high-res box (0: width, 1: height); the other side is kept.
    let box_side = move |label: &'static str, name: &'static str, side: usize| {
        let read = move |b: (u32, u32)| if side == 0 { b.0 } else { b.1 };
        let apply = move |v: Option<u32>| {
            settings.update(|s| {
                let mut sides = s.sizes.custom_box.unwrap_or((0, 0));
                s.sizes.custom_box = v.map(|length| {
                    if side == 0 {
                        sides.0 = length
                    } else {
                        sides.1 = length
                    }
                    sides
                });
            })
        };
        view! {
            <label>{label}
                <input type="number" name=name min="800" max="12000" placeholder="none"
                    prop:value=move || number(settings.with(|s| s.sizes.custom_box.map(read)))
                    aria-invalid=invalid_here(name) aria-describedby=format!("{name}-error")
                    on:change=move |ev| if let Some(v) = parse(name, &ev) { apply(v) }
                    on:input=move |ev| if let Some(v) = corrected(name, &ev) { apply(v) }/>
            </label>
            {error_of(name)}
        }
    };
    // Changes are sent a moment after the last one (typing a number is one change), one save at
    // a time: a change made while a save is on its way goes when that save answers, so the
    // server always ends with the latest values.
    // Each save names what it started from (the last settings saved, or those the panel opened
    // with), so the server writes only what changed here: a panel open in another window, or a
    // switch changed on the phone, is not put back by this one.
    let unsent = RwSignal::new(false);
    let base = StoredValue::new(settings.get_untracked());
    let sending = StoredValue::new(settings.get_untracked());
    let flush = move || {
        if unsent.get_untracked() && !save.pending().get_untracked() {
            unsent.set(false);
            let now = settings.get_untracked();
            sending.set_value(now);
            save.dispatch(SaveGallerySettings { id: gallery, settings: now, base: Some(base.get_value()) });
        }
    };
    let typing = StoredValue::new(0_u32);
    Effect::watch(
        move || settings.track(),
        move |_, _, _| {
            unsent.set(true);
            let mine = typing.get_value() + 1;
            typing.set_value(mine);
            // The card may be gone by then (another tab): its cleanup has saved instead.
            set_timeout(
                move || {
                    if typing.try_get_value() == Some(mine) {
                        flush()
                    }
                },
                Duration::from_millis(400),
            );
        },
        false,
    );
    // Leaving the tab within that moment: the last change is saved all the same.
    on_cleanup(move || {
        if unsent.try_get_untracked() == Some(true)
            && let Some(latest) = settings.try_get_untracked()
        {
            let base = base.try_get_value();
            leptos::task::spawn_local(async move {
                let _ = save_gallery_settings(gallery, latest, base).await;
            });
        }
    });
    Effect::watch(
        move || save.pending().get(),
        move |pending, _, _| {
            if !*pending {
                if matches!(save.value().get_untracked(), Some(Ok(()))) {
                    base.set_value(sending.get_value());
                }
                flush()
            }
        },
        false,
    );
    let busy = Signal::derive(move || unsent.get() || save.pending().get());
    let saved = Signal::derive(move || save.value().with(|v| matches!(v, Some(Ok(_)))));
    // Sizes, rights, quota and email tracking mean nothing while downloads are off.
    let downloads_off = move || settings.with(|s| !s.switches.downloads);
    view! {
        <section class="card settings-panel">
            <h2>"Permissions"</h2>
            <div class="check-grid">
                {switch("Selects", "selects", |s| s.switches.selects, |s, v| s.switches.selects = v)}
                {switch("Comments", "comments", |s| s.switches.comments, |s, v| s.switches.comments = v)}
                {switch("Annotations", "annotations", |s| s.switches.annotations, |s, v| s.switches.annotations = v)}
                {switch("Downloads", "downloads", |s| s.switches.downloads, |s, v| s.switches.downloads = v)}
                {switch("Sharing", "sharing", |s| s.switches.sharing, |s, v| s.switches.sharing = v)}
                {switch("Contact sheets", "contact_sheets", |s| s.switches.contact_sheets, |s, v| s.switches.contact_sheets = v)}
                {switch("Compare", "compare", |s| s.switches.compare, |s, v| s.switches.compare = v)}
            </div>
            <p class="muted">"Sharing lets your main clients invite others with links of their own. While it is off, the links they shared do not open the gallery (they open again when it is back on)."</p>

            <fieldset class="download-options" disabled=downloads_off>
            <legend class="visually-hidden">"Download options"</legend>
            {move || downloads_off().then(|| view! { <p class="muted">"Turn on Downloads above to choose sizes and who may download what."</p> })}
            <h3>"Download sizes"</h3>
            <div class="check-grid">
                {switch("Original", "size_original", |s| s.sizes.original, |s, v| s.sizes.original = v)}
                {switch("4K (3840 px)", "size_4k", |s| s.sizes.four_k, |s, v| s.sizes.four_k = v)}
                {switch("HD (1920 px)", "size_hd", |s| s.sizes.hd, |s, v| s.sizes.hd = v)}
            </div>
            <div class="inline-form">
                <label>"Custom web size (long edge, px)"
                    <input type="number" name="custom_web" min="200" max="3000" placeholder="none"
                        prop:value=move || number(settings.with(|s| s.sizes.custom_web))
                        aria-invalid=invalid_here("custom_web") aria-describedby="custom_web-error"
                        on:change=move |ev| if let Some(v) = parse("custom_web", &ev) { settings.update(|s| s.sizes.custom_web = v) }
                        on:input=move |ev| if let Some(v) = corrected("custom_web", &ev) { settings.update(|s| s.sizes.custom_web = v) }/>
                </label>
                {error_of("custom_web")}
                {box_side("Custom high-res box width", "custom_box_width", 0)}
                {box_side("height", "custom_box_height", 1)}
            </div>

            <h3>"Who may download what"</h3>
            <table class="rights">
                <tbody>
                    {Role::ALL.into_iter().map(|role| right_row(role, settings)).collect_view()}
                </tbody>
            </table>

            <div class="inline-form">
                <label>"Free high-res downloads for main clients (all together)"
                    <input type="number" name="high_res_quota" min="0" placeholder="no limit"
                        prop:value=move || number(settings.with(|s| s.high_res_quota))
                        aria-invalid=invalid_here("high_res_quota") aria-describedby="high_res_quota-error"
                        on:change=move |ev| if let Some(v) = parse("high_res_quota", &ev) { settings.update(|s| s.high_res_quota = v) }
                        on:input=move |ev| if let Some(v) = corrected("high_res_quota", &ev) { settings.update(|s| s.high_res_quota = v) }/>
                </label>
                {error_of("high_res_quota")}
            </div>
            {switch("Ask for an email before the first download (email tracking)", "email_tracking", |s| s.email_tracking, |s, v| s.email_tracking = v)}
            </fieldset>

            <SaveState busy saved/>
            <ActionError value=save.value()/>
        </section>
    }
}

fn right_row(role: Role, settings: RwSignal<GallerySettings>) -> impl IntoView {
    let read = move |s: &GallerySettings| s.rights.of(role);
    let write = move |rights: &mut RoleRights, right: DownloadRight| match role {
        Role::MainClient => rights.main_client = right,
        Role::PhotographerInvited => rights.photographer_invited = right,
        Role::ClientInvited => rights.client_invited = right,
        Role::Guest => rights.guest = right,
    };
    let options = [
        (DownloadRight::Both, "High-res and web size"),
        (DownloadRight::HighRes, "High-res only"),
        (DownloadRight::WebSize, "Web size only"),
        (DownloadRight::Neither, "No downloads"),
    ];
    view! {
        <tr>
            <th scope="row">{role.label()}</th>
            <td>
                <select name=format!("right_{}", role.as_str()) aria-label=format!("Downloads for {}", role.label())
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some((right, _)) = options.iter().find(|(r, _)| format!("{r:?}") == chosen) {
                            settings.update(|s| write(&mut s.rights, *right));
                        }
                    }>
                    {options.into_iter().map(|(right, label)| view! {
                        <option value=format!("{right:?}") selected=move || settings.with(read) == right>{label}</option>
                    }).collect_view()}
                </select>
            </td>
        </tr>
    }
}
