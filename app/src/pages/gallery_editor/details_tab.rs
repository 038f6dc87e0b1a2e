//! The Photos tab's own forms: the head (title, publishing), the sets (above the photos, where
//! they are arranged), and the details and password (below them: set once, seldom changed).

use super::actions::Actions;
use crate::api::galleries::{DeleteGallery, SetGalleryPassword};
use crate::api::sets::{DeleteSet, ShiftSet};
use crate::components::error_note::{ActionDone, ActionError};
use domain::dto::{GalleryEditorView, SetView};
use domain::editor_photos::KEEP_DELETED_DAYS;
use domain::gallery::GalleryStatus;
use domain::ids::GalleryId;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The title, the state and Publish.
pub(super) fn editor_head(view: GalleryEditorView, actions: Actions) -> impl IntoView {
    let gallery = view.id;
    let published = view.status == GalleryStatus::Published;
    let client_link = format!("/g/{}", view.slug);
    view! {
        <section class="editor-head">
            <h1>{view.title.clone()}</h1>
            <p class="status">
                <span class=if published { "badge published" } else { "badge draft" }>
                    {if published { "Published" } else { "Draft" }}
                </span>
                " "
                <a href=client_link.clone() target="_blank" rel="noopener">{if published { "Open client view ↗" } else { "Preview client view ↗" }}</a>
            </p>
            <button
                class=if published { "secondary" } else { "" }
                on:click=move |_| { actions.publish.dispatch(crate::api::galleries::SetPublished { id: gallery, published: !published }); }
            >
                {if published { "Unpublish" } else { "Publish" }}
            </button>
            <ActionError value=actions.publish.value()/>
        </section>
    }
}

/// The sets: rename, reorder, delete, add.
pub(super) fn sets_card(view: GalleryEditorView, actions: Actions) -> impl IntoView {
    let gallery = view.id;
    // Drawn anew after a set moved: the arrow pressed takes the focus again (it would otherwise
    // stay in its slot, and a second Enter would move the set that came there back).
    if let Some(id) = actions.set_focus.get_value() {
        actions.set_focus.set_value(None);
        request_animation_frame(move || {
            crate::components::modal::focus_id_when_shown(id, crate::components::modal::WAIT_FRAMES)
        });
    }
    // A set added from here: the field is ready for the next name (what is typed after stays).
    let new_set = NodeRef::<leptos::html::Input>::new();
    Effect::watch(
        move || actions.create_set.version().get(),
        move |_, _, _| {
            if matches!(actions.create_set.value().get_untracked(), Some(Ok(_)))
                && let Some(input) = new_set.get_untracked()
            {
                input.set_value("");
            }
        },
        false,
    );
    view! {
        <section class="card">
            <h2>"Sets"</h2>
            <ol class="sets">
                {
                    let download_sets = view.download_sets.clone();
                    view.sets
                        .into_iter()
                        .map(|set| {
                            let last_for_downloads = download_sets == [set.id];
                            set_row(gallery, set, last_for_downloads, actions)
                        })
                        .collect_view()
                }
            </ol>
            <ActionForm action=actions.create_set attr:class="inline-form">
                <input type="hidden" name="gallery" value=gallery.to_string()/>
                <label>"New set" <input type="text" name="name" required placeholder="Ceremony" node_ref=new_set/></label>
                <button type="submit">"Add set"</button>
            </ActionForm>
            <ActionError value=actions.create_set.value()/>
            <ActionError value=actions.rename_set.value()/>
            <ActionError value=actions.delete_set.value()/>
        </section>
    }
}

/// The details (title, address, date) and the gallery password.
pub(super) fn details_cards(view: GalleryEditorView, actions: Actions) -> impl IntoView {
    let gallery = view.id;
    let client_link = format!("/g/{}", view.slug);
    let event_date = view.event_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let last_day = view.last_day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let last_day_note = match (view.last_day, view.expired, view.ends_at_hour) {
        (Some(day), true, _) => format!(
            "This gallery expired after {}: visitors are told so. Choose a later day, or empty the field, to open it again.",
            domain::dates::long_date(day)
        ),
        (Some(day), false, None) => format!(
            "Visitors can open the gallery through {}, until midnight in your studio's time zone (Studio settings); after that they are told it has expired. You still can.",
            domain::dates::long_date(day)
        ),
        (Some(day), false, Some(hour)) => format!(
            "Visitors can open the gallery until {hour} on {}, in your studio's time zone: the day was chosen under its earlier one. Save the details to end it at midnight instead.",
            domain::dates::long_date(day)
        ),
        (None, _, _) => "No last day: the gallery stays open to its links.".to_owned(),
    };
    let delete = delete_card(gallery, view.title.clone(), actions);
    view! {
        <section class="card">
            <h2>"Details"</h2>
            <ActionForm action=actions.update attr:class="stack">
                <input type="hidden" name="id" value=gallery.to_string()/>
                <input type="hidden" name="with_last_day" value="true"/>
                <label>"Title" <input type="text" name="title" value=view.title.clone() required/></label>
                <label>"Address" <input type="text" name="slug" value=view.slug.clone()/>
                    <small>{if view.public_link {
                        format!("The public link is on: anyone with {client_link} can view the gallery as a guest.")
                    } else {
                        format!("The public link is off: {client_link} opens for you only. Clients use the links from the Invite tab.")
                    }}</small>
                </label>
                <label>"Event date" <input type="date" name="event_date" value=event_date/></label>
                <label>"Last day visitors can open it (optional)" <input type="date" name="last_day" value=last_day aria-describedby="last-day-note"/>
                    <small id="last-day-note" class:error=view.expired>{last_day_note}</small>
                </label>
                <button type="submit">"Save details"</button>
            </ActionForm>
            <ActionDone value=actions.update.value() text="Saved."/>
            <ActionError value=actions.update.value()/>
        </section>

        <section class="card">
            <h2>"Gallery password"</h2>
            <p class="muted">
                {match (view.has_password, view.store_mode) {
                    (true, false) => "Visitors must enter the password before they see anything of this gallery.",
                    (true, true) => "A password is set, but not asked while store mode is on (a shop is open to its links). It applies again when you turn store mode off.",
                    (false, _) => "No password: anyone with a link to it can open the gallery once it is published.",
                }}
            </p>
            <ActionForm action=actions.password attr:class="inline-form">
                <input type="hidden" name="id" value=gallery.to_string()/>
                <label>{if view.has_password { "New password" } else { "Password" }}
                    <input type="text" name="password" autocomplete="off" minlength="4" required/>
                </label>
                <button type="submit">"Set password"</button>
            </ActionForm>
            {view.has_password.then(|| view! {
                <button class="secondary" on:click=move |_| {
                    actions.password.dispatch(SetGalleryPassword { id: gallery, password: String::new() });
                }>"Remove password"</button>
            })}
            <ActionError value=actions.password.value()/>
        </section>
        {delete}
    }
}

/// Deleting the gallery, last on the page: it closes at once for everyone, and comes back from
/// the studio's Recently deleted galleries for `KEEP_DELETED_DAYS`.
fn delete_card(gallery: GalleryId, title: String, actions: Actions) -> impl IntoView {
    let question = format!(
        "Delete “{title}”? Nobody can open it from now on. You can bring it back from Your galleries for {KEEP_DELETED_DAYS} days."
    );
    view! {
        <section class="card">
            <h2>"Delete gallery"</h2>
            <p class="muted">{format!(
                "Deleting closes the gallery at once: its address, its links, its delivery sets and its downloads stop working. You can bring it back from Your galleries for {KEEP_DELETED_DAYS} days; then it is removed for good. A gallery where licences were ordered stays, for its buyers and your records."
            )}</p>
            <button class="secondary danger" disabled=move || actions.delete_gallery.pending().get()
                on:click=move |_| {
                    if crate::components::confirm::ask(&question) {
                        actions.delete_gallery.dispatch(DeleteGallery { id: gallery });
                    }
                }>"Delete this gallery"</button>
            <ActionError value=actions.delete_gallery.value()/>
        </section>
    }
}

/// `last_for_downloads`: the one set with "allow downloads" on (deleting it ends set download
/// mode, which the question says).
fn set_row(gallery: GalleryId, set: SetView, last_for_downloads: bool, actions: Actions) -> impl IntoView {
    let set_id = set.id;
    let name = set.name;
    let typed = actions.set_names.of(set_id, || RwSignal::new(None));
    // A name typed and saved is the set's name now: nothing is left to keep.
    if typed.with_untracked(|t| t.as_ref().is_some_and(|t| t.trim() == name)) {
        typed.set(None);
    }
    let shown = {
        let name = name.clone();
        move || typed.get().unwrap_or_else(|| name.clone())
    };
    let (up, down, remove) = (format!("Move {name} up"), format!("Move {name} down"), format!("Delete set {name}"));
    let mut question = format!(
        "Delete the set “{name}”? Its photos stay in the gallery, without a set, and links limited to it no longer show them."
    );
    if last_for_downloads {
        question.push_str(
            " It is the only set clients may download from: without it, every photo follows the gallery's download settings again.",
        );
    }
    view! {
        <li class="set-row">
            <ActionForm action=actions.rename_set attr:class="inline-form">
                <input type="hidden" name="gallery" value=gallery.to_string()/>
                <input type="hidden" name="set" value=set_id.to_string()/>
                <input type="text" name="name" value=name.clone() prop:value=shown aria-label="Set name" required
                    on:input=move |ev| typed.set(Some(event_target_value(&ev)))/>
                <button type="submit" class="secondary">"Rename"</button>
            </ActionForm>
            <button class="icon" title="Move up" aria-label=up id=format!("set-{}-up", set_id.0.simple())
                on:click=move |_| {
                    actions.set_focus.set_value(Some(format!("set-{}-up", set_id.0.simple())));
                    actions.shift_set.dispatch(ShiftSet { gallery, set: set_id, offset: -1 });
                }>"↑"</button>
            <button class="icon" title="Move down" aria-label=down id=format!("set-{}-down", set_id.0.simple())
                on:click=move |_| {
                    actions.set_focus.set_value(Some(format!("set-{}-down", set_id.0.simple())));
                    actions.shift_set.dispatch(ShiftSet { gallery, set: set_id, offset: 1 });
                }>"↓"</button>
            <button class="icon danger" title="Delete set" aria-label=remove
                on:click=move |_| {
                    if crate::components::confirm::ask(&question) {
                        actions.delete_set.dispatch(DeleteSet { gallery, set: set_id });
                    }
                }>"✕"</button>
        </li>
    }
}
