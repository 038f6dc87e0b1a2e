//! "Send by email" on a live link: the photographer emails the link with a note, under the
//! studio's brand (the mail is queued in the outbox and sent by the server).

use crate::api::engagement::send_invitation;
use domain::engagement::notifications::{InvitationForm, NOTE_MAX};
use domain::ids::{GalleryId, LinkId};
use leptos::prelude::*;

#[component]
pub fn InviteEmail(gallery: GalleryId, link: LinkId, label: String) -> impl IntoView {
    let to = RwSignal::new(String::new());
    let name = RwSignal::new(label.clone());
    let note = RwSignal::new(String::new());
    let state = RwSignal::new(None::<Result<String, String>>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = InvitationForm { to: to.get_untracked(), name: name.get_untracked(), note: note.get_untracked() };
        let sent_to = form.to.trim().to_owned();
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = send_invitation(gallery, link, form).await;
            sending.set(false);
            state.set(Some(match result {
                Ok(()) => {
                    to.set(String::new());
                    Ok(format!("Invitation sent to {sent_to}."))
                }
                Err(err) => Err(err.to_string()),
            }));
        });
    };
    view! {
        <details class="invite-email">
            <summary>"Send by email"</summary>
            <form class="stack" on:submit=submit>
                <label>"Email address" <input type="email" name="to" required autocomplete="off"
                    prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <label>"Their name (optional)" <input type="text" name="name" maxlength="80"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"A note (optional)" <textarea name="note" rows="3" maxlength=NOTE_MAX
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea></label>
                <button type="submit" disabled=move || sending.get()>
                    {move || if sending.get() { "Sending…" } else { "Send invitation" }}
                </button>
                {move || state.get().map(|outcome| match outcome {
                    Ok(done) => view! { <p class="ok" role="status">{done}</p> }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error}</p> }.into_any(),
                })}
            </form>
        </details>
    }
}
