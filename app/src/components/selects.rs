//! Selects for the visitor: the star on every photo, and the bar that picks the list stars go
//! into, makes, renames and removes lists, and says how many photos each holds.

use super::favourites::ReviewButton;
use super::proofing::Proofing;
use crate::api::selects::{create_select_list, delete_select_list, rename_select_list};
use domain::ids::{ImageId, SelectListId};
use domain::policy::Action;
use domain::selects::MySelects;
use leptos::prelude::*;

/// The star of one photo (on a grid tile or in the lightbox): a toggle named for its photo and
/// the list it stars into ("Star aqua.jpg in Favourites"), whose state is `aria-pressed` (a name
/// that changed with the state, "Remove from …, pressed", would say it twice and contradict it).
#[component]
pub fn StarButton(
    proofing: Proofing,
    image: ImageId,
    /// The photo's file name.
    name: String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let starred = move || proofing.is_starred(image);
    let label = move || {
        let list = proofing
            .active_list
            .get()
            .and_then(|id| proofing.selects.with(|s| s.lists.iter().find(|l| l.id == id).map(|l| l.name.clone())));
        let list = list.unwrap_or_else(|| domain::selects::DEFAULT_LIST_NAME.to_owned());
        format!("Star {name} in {list}")
    };
    view! {
        <button
            type="button"
            class=if large { "star star-large" } else { "star" }
            aria-pressed=move || starred().to_string()
            aria-label=label.clone()
            title=label
            on:click=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                proofing.toggle_star(image);
            }
        >
            {move || if starred() { "★" } else { "☆" }}
        </button>
    }
}

/// The visitor's lists: choose where stars go, make and manage lists, see the counts.
#[component]
pub fn SelectsBar(
    proofing: Proofing,
    /// The studio's name, for "Send to …".
    #[prop(into)]
    studio: String,
) -> impl IntoView {
    if !proofing.offers(Action::SelectLists) {
        return None;
    }
    let new_name = RwSignal::new(String::new());
    let renaming = RwSignal::new(false);
    let apply = move |mine: MySelects| {
        let active = proofing.active_list.get_untracked();
        if active.is_none_or(|id| !mine.lists.iter().any(|l| l.id == id)) {
            proofing.active_list.set(mine.lists.last().map(|l| l.id));
        }
        proofing.selects.set(mine);
    };
    let create = move || {
        let name = new_name.get_untracked();
        let slug = proofing.slug();
        proofing.call(
            move || create_select_list(slug.clone(), name.clone()),
            move |mine: MySelects| {
                let made = mine.lists.last().map(|l| l.id);
                proofing.selects.set(mine);
                proofing.active_list.set(made);
                new_name.set(String::new());
            },
        );
    };
    let rename = move |list: SelectListId| {
        let name = new_name.get_untracked();
        let slug = proofing.slug();
        proofing.call(
            move || rename_select_list(slug.clone(), list, name.clone()),
            move |mine| {
                apply(mine);
                renaming.set(false);
                new_name.set(String::new());
            },
        );
    };
    let remove = move |list: SelectListId| {
        let slug = proofing.slug();
        proofing.call(move || delete_select_list(slug.clone(), list), apply);
    };
    let total = move || proofing.selects.with(|s| s.distinct_images().len());
    Some(view! {
        <details class="selects-bar">
            <summary>
                "Favourites "
                <span class="count" data-testid="selects-total">{total}</span>
            </summary>
            <div class="menu-body stack">
                <fieldset>
                    <legend>"Stars go into"</legend>
                    {move || {
                        let lists = proofing.selects.get().lists;
                        if lists.is_empty() {
                            return view! { <p class="muted">"Star a photo to start your “Favourites”."</p> }.into_any();
                        }
                        lists.into_iter().map(|l| {
                            let id = l.id;
                            view! {
                                <label class="check">
                                    <input type="radio" name="active-list" value=id.to_string()
                                        prop:checked=move || proofing.active_list.get() == Some(id)
                                        on:change=move |_| proofing.active_list.set(Some(id))/>
                                    {format!("{} ({})", l.name, l.images.len())}
                                    {l.sent_at.is_some().then(|| view! { <span class="badge sent-badge">"Sent"</span> })}
                                </label>
                            }
                        }).collect_view().into_any()
                    }}
                </fieldset>
                <ReviewButton proofing studio/>
                <form class="row" on:submit=move |ev| {
                    ev.prevent_default();
                    match (renaming.get_untracked(), proofing.active_list.get_untracked()) {
                        (true, Some(list)) => rename(list),
                        _ => create(),
                    }
                }>
                    <label class="grow">
                        {move || if renaming.get() { "New name" } else { "New list" }}
                        <input type="text" name="list-name" maxlength="60" required placeholder="Album, Prints…"
                            prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit">{move || if renaming.get() { "Rename" } else { "Add list" }}</button>
                </form>
                {move || proofing.active_list.get().map(|list| view! {
                    <div class="row">
                        <button type="button" class="link" on:click=move |_| renaming.update(|r| *r = !*r)>
                            {move || if renaming.get() { "Cancel renaming" } else { "Rename this list" }}
                        </button>
                        <button type="button" class="link danger" on:click=move |_| {
                            if crate::components::confirm::ask("Remove this list and its stars?") {
                                remove(list);
                            }
                        }>"Remove this list"</button>
                    </div>
                })}
            </div>
        </details>
    })
}
