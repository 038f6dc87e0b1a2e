//! Reviewing a list before sending it to the photographer: its photos (any can be taken out), a
//! note, and "Send". A sent list says when it went, and is closed to changes until the
//! photographer reopens it (the server refuses changes; this only shows it).

use super::modal::modal_to_read;
use super::on_demand::on_demand;
use super::proofing::Proofing;
use crate::api::selects::{select_list_cards, send_select_list};
use crate::components::when::When;
use domain::card::ImageCard;
use domain::ids::SelectListId;
use domain::rendition::RenditionSize;
use domain::selects::{MAX_SELECTION_NOTE, MySelects};
use leptos::prelude::*;

/// "Review and send" for the list stars go into, and its dialog.
#[component]
pub fn ReviewButton(proofing: Proofing, #[prop(into)] studio: String) -> impl IntoView {
    let open = RwSignal::new(None::<SelectListId>);
    let studio = StoredValue::new(studio);
    let active = move || {
        let list = proofing.active_list.get()?;
        proofing.selects.with(|s| s.lists.iter().any(|l| l.id == list)).then_some(list)
    };
    view! {
        {move || active().map(|list| view! {
            <button type="button" class="review-list" on:click=move |_| open.set(Some(list))>"Review and send"</button>
        })}
        // The dialog's code is fetched the first time it opens.
        {move || open.get().map(|list| on_demand(review_dialog(Review { proofing, list, open, studio })))}
    }
}

#[derive(Clone, Copy)]
struct Review {
    proofing: Proofing,
    list: SelectListId,
    open: RwSignal<Option<SelectListId>>,
    studio: StoredValue<String>,
}

#[lazy]
fn review_dialog(review: Review) -> AnyView {
    let Review { proofing, list, open, studio } = review;
    let cards = RwSignal::new(None::<Vec<ImageCard>>);
    let note = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let slug = proofing.slug();
    Effect::new({
        let slug = slug.clone();
        move |_| {
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                if let Ok(found) = select_list_cards(slug, list).await {
                    cards.set(Some(found));
                }
            });
        }
    });
    let shown = move || {
        let all = cards.get()?;
        Some(proofing.selects.with(|s| all.into_iter().filter(|c| s.in_list(list, c.id)).collect::<Vec<_>>()))
    };
    let current = move || proofing.selects.with(|s| s.lists.iter().find(|l| l.id == list).cloned());
    let frame = NodeRef::<leptos::html::Div>::new();
    let send = move || {
        let (slug, text) = (slug.clone(), note.get_untracked());
        sending.set(true);
        proofing.call(
            move || send_select_list(slug.clone(), list, text.clone()),
            move |mine: MySelects| {
                proofing.selects.set(mine);
                sending.set(false);
                // The form (and its button, which had the focus) is gone: the dialog keeps it
                // (unless the dialog itself was closed while the list was on its way).
                if let Some(dialog) = frame.try_get_untracked().flatten() {
                    let _ = dialog.focus();
                }
            },
        );
        // A refusal leaves the note for another try.
        set_timeout(move || sending.set(false), std::time::Duration::from_secs(2));
    };
    let keys = modal_to_read(frame, move || open.set(None));
    let studio_name = studio.get_value();
    view! {
        <div class="dialog-backdrop">
            <div class="dialog review-dialog stack" role="dialog" aria-modal="true" aria-labelledby="review-title"
                tabindex="-1" node_ref=frame on:keydown=keys>
                {move || current().map(|l| {
                    let count = l.images.len();
                    let photos = domain::words::photos(count as u64);
                    let studio_name = studio_name.clone();
                    view! {
                        <h2 id="review-title">{format!("{} · {photos}", l.name)}</h2>
                        {match l.sent_at {
                            Some(at) => view! {
                                <p class="sent-note" role="status">
                                    {format!("Sent to {studio_name} on ")}<When at=at with_year=true/>". To change it, ask them to reopen it, or start a new list."
                                </p>
                            }.into_any(),
                            None if count == 0 => view! { <p class="muted">"Nothing in this list yet. Star the photos you love, then come back to send them."</p> }.into_any(),
                            None => view! { <p class="muted">{format!("Check your choice, then send it to {studio_name}. They will get an email with your list.")}</p> }.into_any(),
                        }}
                    }
                })}
                <ul class="plain review-grid">
                    {move || match shown() {
                        None => view! { <li class="muted">"Loading your photos…"</li> }.into_any(),
                        Some(found) => {
                            let sent = current().is_some_and(|l| l.sent_at.is_some());
                            found.into_iter().map(|card| {
                                let id = card.id;
                                let name = card.file_name.clone();
                                view! {
                                    <li>
                                        <img src=card.rendition_url(RenditionSize::Grid480) alt=card.file_name.clone() loading="lazy"/>
                                        <span class="file-name">{card.file_name.clone()}</span>
                                        {(!sent).then(|| view! {
                                            <button type="button" class="link" aria-label=format!("Take {name} out of the list")
                                                on:click=move |_| proofing.toggle_star(id)>"Remove"</button>
                                        })}
                                    </li>
                                }
                            }).collect_view().into_any()
                        }
                    }}
                </ul>
                {move || current().filter(|l| l.sent_at.is_none() && !l.images.is_empty()).map(|l| {
                    let count = l.images.len();
                    let studio_name = studio.get_value();
                    let send = send.clone();
                    view! {
                        <form class="stack" on:submit=move |ev| { ev.prevent_default(); send(); }>
                            <label>{format!("A note for {studio_name} (optional)")}
                                <textarea rows="3" maxlength=MAX_SELECTION_NOTE.to_string()
                                    placeholder="For the album, black and white please…"
                                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                            </label>
                            <button type="submit" disabled=move || sending.get()>
                                {if count == 1 { "Send 1 photo".to_owned() } else { format!("Send {count} photos") }}
                            </button>
                        </form>
                    }
                })}
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| open.set(None)>"Close"</button>
                </div>
            </div>
        </div>
    }
    .into_any()
}
