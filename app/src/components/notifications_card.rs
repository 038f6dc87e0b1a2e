//! Studio settings → Notifications: the daily digest (on or off, its hour, the studio's time
//! zone) and security notices. Every mail carries a link to switch its kind off, too.

use crate::api::engagement::{load_notifications, save_notifications};
use crate::error::AppError;
use domain::engagement::notifications::NotificationSettings;
use leptos::prelude::*;

/// The notifications card (nothing for a visitor who is not signed in: the page says so).
#[component]
pub fn NotificationsCard() -> impl IntoView {
    let page = crate::resource::resource(|| (), |_| load_notifications());
    view! {
        // (No "Loading…" of its own: the page shows one.)
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let form = match page.await {
                    Ok(page) => view! { <NotificationsForm settings=page.settings time_zones=page.time_zones/> }.into_any(),
                    Err(AppError::Unauthenticated) => return ().into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                };
                view! {
                    <section class="card">
                        <h2>"Notifications"</h2>
                        {form}
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn NotificationsForm(settings: NotificationSettings, time_zones: Vec<String>) -> impl IntoView {
    let digest = RwSignal::new(settings.digest);
    let hour = RwSignal::new(settings.digest_hour);
    let zone = RwSignal::new(settings.time_zone.clone());
    let security = RwSignal::new(settings.security);
    let state = RwSignal::new(None::<Result<(), String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = NotificationSettings {
            digest: digest.get_untracked(),
            digest_hour: hour.get_untracked(),
            time_zone: zone.get_untracked(),
            security: security.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            state.set(Some(save_notifications(wanted).await.map_err(|e| e.to_string())));
        });
    };
    let current = settings.time_zone.clone();
    view! {
        <form class="stack notifications" on:submit=submit>
            <label class="check"><input type="checkbox" name="digest" prop:checked=move || digest.get()
                on:change=move |ev| digest.set(event_target_checked(&ev))/>
                "Daily digest: what clients selected, commented, drew, downloaded and ordered (nothing is sent on a quiet day)"</label>
            <div class="row">
                <label>"Sent at"
                    <select name="digest_hour" on:change=move |ev| hour.set(event_target_value(&ev).parse().unwrap_or(8))>
                        {(0u8..24).map(|h| view! { <option value=h.to_string() selected=h == settings.digest_hour>{format!("{h:02}:00")}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Time zone"
                    <small>" (also the days of your reports, from the day you choose it)"</small>
                    <select name="time_zone" on:change=move |ev| zone.set(event_target_value(&ev))>
                        {time_zones.into_iter().map(|name| {
                            let selected = name == current;
                            view! { <option value=name.clone() selected=selected>{name.replace('_', " ")}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <label class="check"><input type="checkbox" name="security" prop:checked=move || security.get()
                on:change=move |ev| security.set(event_target_checked(&ev))/>
                "Security notices (PIN entry locked after wrong guesses)"</label>
            <button type="submit">"Save notifications"</button>
            {move || state.get().map(|outcome| match outcome {
                Ok(()) => view! { <p class="ok" role="status">"Notifications saved."</p> }.into_any(),
                Err(error) => view! { <p class="error" role="alert">{error}</p> }.into_any(),
            })}
        </form>
    }
}
