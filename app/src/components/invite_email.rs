//! "Send by email" on a live link: the photographer emails the link with a note, under the
//! studio's brand (the mail is queued in the outbox and sent by the server).

use crate::api::engagement::send_invitation;
use crate::components::drafts::Drafts;
use domain::engagement::notifications::{InvitationForm, NOTE_MAX};
use domain::ids::{GalleryId, LinkId};
use leptos::prelude::*;

/// What is typed into one link's "Send by email", and whether it is open. Kept by the Invite
/// tab for each link: the list of links is drawn anew whenever a link is made or revoked, and an
/// invitation half-written for another link must stay.
#[derive(Clone, Copy)]
pub struct InviteDraft {
    to: RwSignal<String>,
    name: RwSignal<String>,
    note: RwSignal<String>,
    open: RwSignal<bool>,
    /// The last invitation's outcome, and whether one is on its way.
    state: RwSignal<Option<Result<String, String>>>,
    sending: RwSignal<bool>,
}

/// The drafts of a list of links, by link.
pub type InviteDrafts = Drafts<LinkId, InviteDraft>;

impl InviteDraft {
    /// An empty draft of an invitation to `label`.
    pub fn new(label: &str) -> Self {
        Self {
            to: RwSignal::new(String::new()),
            name: RwSignal::new(label.to_owned()),
            note: RwSignal::new(String::new()),
            open: RwSignal::new(false),
            state: RwSignal::new(None),
            sending: RwSignal::new(false),
        }
    }
}

#[component]
pub fn InviteEmail(gallery: GalleryId, link: LinkId, draft: InviteDraft, invited: RwSignal<u32>) -> impl IntoView {
    let InviteDraft { to, name, note, open, state, sending } = draft;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second press before the button is drawn disabled (redraws wait for the next tick).
        if sending.get_untracked() {
            return;
        }
        let form = InvitationForm { to: to.get_untracked(), name: name.get_untracked(), note: note.get_untracked() };
        let sent_to = form.to.trim().to_owned();
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = send_invitation(gallery, link, form).await;
            sending.set(false);
            state.set(Some(match result {
                Ok(()) => {
                    to.set(String::new());
                    invited.update(|n| *n += 1);
                    Ok(format!("Invitation sent to {sent_to}."))
                }
                Err(err) => Err(err.to_string()),
            }));
        });
    };
    view! {
        <details class="invite-email" prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
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
