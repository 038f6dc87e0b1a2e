//! Share, for main clients where sharing is on: a client-invited link for everything they see
//! or some of its sets, to copy, or sent by email with a note.

use super::on_demand::on_demand;
use super::proofing::Proofing;
use crate::api::sharing::share_gallery;
use domain::dto::SetView;
use domain::ids::SetId;
use domain::links::{ShareForm, SharedLink};
use domain::policy::Action;
use leptos::prelude::*;

/// The Share button and its dialog.
#[component]
pub fn ShareButton(proofing: Proofing, sets: Vec<SetView>) -> impl IntoView {
    if !proofing.offers(Action::Share) {
        return None;
    }
    let dialog = ShareDialog {
        proofing,
        open: RwSignal::new(false),
        chosen: RwSignal::new(Vec::new()),
        email: RwSignal::new(String::new()),
        note: RwSignal::new(String::new()),
        made: RwSignal::new(None),
        copied: RwSignal::new(false),
        sets: StoredValue::new(sets),
    };
    let open = dialog.open;
    Some(view! {
        <button type="button" class="secondary" on:click=move |_| { dialog.made.set(None); dialog.copied.set(false); open.set(true); }>"Share"</button>
        // The dialog's code is fetched the first time it opens.
        {move || open.get().then(|| on_demand(share_dialog(dialog)))}
    })
}

/// What the Share dialog shows and has been given.
#[derive(Clone, Copy)]
struct ShareDialog {
    proofing: Proofing,
    open: RwSignal<bool>,
    chosen: RwSignal<Vec<SetId>>,
    email: RwSignal<String>,
    note: RwSignal<String>,
    /// The link made, once made.
    made: RwSignal<Option<SharedLink>>,
    copied: RwSignal<bool>,
    sets: StoredValue<Vec<SetView>>,
}

#[lazy]
fn share_dialog(dialog: ShareDialog) -> AnyView {
    let ShareDialog { proofing, open, chosen, email, note, made, copied, sets } = dialog;
    // One link per tap: a second tap on a slow network would make (and mail) a second one.
    let making = RwSignal::new(false);
    let submit = move || {
        if making.get_untracked() {
            return;
        }
        making.set(true);
        let sets = chosen.get_untracked();
        let form = ShareForm {
            sets: (!sets.is_empty()).then_some(sets),
            email_to: email.get_untracked(),
            note: note.get_untracked(),
        };
        let slug = proofing.slug();
        proofing.prompts.call_then(
            move || share_gallery(slug.clone(), form.clone()),
            move |link: SharedLink| {
                copied.set(false);
                made.set(Some(link));
                // The form, and its button that had the focus, gave way to the link: focus goes
                // to the link's field, inside the dialog (Tab and Escape keep working), and the
                // sentence above it is read.
                crate::components::modal::focus_id_when_shown(
                    "share-url".to_owned(),
                    crate::components::modal::WAIT_FRAMES,
                );
            },
            move || {
                making.try_set(false);
            },
        );
    };
    let frame = NodeRef::<leptos::html::Div>::new();
    // Every field is optional (a link is often just copied): the dialog itself takes the focus,
    // so a phone opens no keyboard over it and a screen reader reads its name first.
    let keys = crate::components::modal::modal_to_read(frame, move || open.set(false));
    // Refused (no permission), the link is selected in its field, for the visitor to copy.
    let copy = move |url: String| {
        crate::components::clipboard::copy(&url, move |done| {
            copied.set(done);
            if !done && let Some(field) = document().get_element_by_id("share-url") {
                use wasm_bindgen::JsCast;
                if let Ok(field) = field.dyn_into::<web_sys::HtmlInputElement>() {
                    let _ = field.focus();
                    field.select();
                }
            }
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label="Share this gallery" tabindex="-1"
                node_ref=frame on:keydown=keys>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <h2>"Share this gallery"</h2>
                {move || match made.get() {
                    Some(link) => {
                        let url = link.url.clone();
                        view! {
                            <p role="status" id="share-said">{match &link.sent_to {
                                Some(to) => format!("We emailed this link to {to}. You can also copy it:"),
                                None => "Here is a link for them:".to_owned(),
                            }}</p>
                            <input type="text" readonly class="share-url" id="share-url" aria-label="Share link" aria-describedby="share-said" prop:value=link.url.clone()/>
                            <div class="row">
                                <button type="button" on:click=move |_| copy(url.clone())>
                                    {move || if copied.get() { "Copied" } else { "Copy link" }}
                                </button>
                                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Done"</button>
                            </div>
                        }.into_any()
                    }
                    None => view! {
                        <p class="muted">"They will see the photos, and may download only what your photographer allows the people you invite. They cannot share them on."</p>
                        {(sets.with_value(Vec::len) > 1).then(|| view! {
                            <fieldset>
                                <legend>"Which sets? (none ticked: everything you see)"</legend>
                                {sets.get_value().into_iter().map(|s| {
                                    let id = s.id;
                                    view! { <label class="check"><input type="checkbox"
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                        }/>{s.name}</label> }
                                }).collect_view()}
                            </fieldset>
                        })}
                        <label>"Email it to (optional)"
                            <input type="email" name="email_to" autocomplete="off" prop:value=move || email.get()
                                on:input=move |ev| email.set(event_target_value(&ev))/>
                        </label>
                        <label>"A note (optional)"
                            <textarea name="note" rows="2" maxlength="500" prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </label>
                        <div class="row">
                            <button type="submit" disabled=move || making.get()>"Create link"</button>
                            <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                        </div>
                    }.into_any(),
                }}
            </form>
            // The button's new word is not read out by every screen reader: said once, from
            // inside the dialog (a modal dialog hides the page's own status region from some).
            <p role="status" class="visually-hidden">{move || copied.get().then_some("Link copied.")}</p>
            </div>
        </div>
    }
    .into_any()
}
