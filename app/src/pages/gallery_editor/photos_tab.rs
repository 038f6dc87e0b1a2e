//! The Photos tab's grid, a page at a time (`?show=` a set, `?page=`): each photo with its set,
//! order, cover and delete; a selection that lives across pages (Shift+click ticks a range),
//! moved or deleted at once; drag and drop to reorder or to move into a set; the whole gallery
//! sorted by name, time taken or upload; the pages; and the undo list.

use super::actions::{Actions, Bulk};
use crate::api::delivery::AddToDelivery;
use crate::api::galleries::SetCover;
use crate::api::images::{
    ArrangeImages, DeleteImages, MoveImages, PlaceImages, RestoreAllImages, RestoreImages, ShiftImage, SortImages,
};
use crate::components::error_note::ActionError;
use domain::dto::{EditorImage, SetView};
use domain::editor_photos::{EDITOR_PAGE_SIZE, EditorPhotos, KEEP_DELETED_DAYS, PhotoFilter};
use domain::gallery::ImageStatus;
use domain::gallery_page::SetKey;
use domain::ids::{DeliverySetId, GalleryId, ImageId, SetId};
use domain::photo_order::PhotoSort;
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// The photos the photographer has ticked, on any page.
pub(super) type Selection = RwSignal<Vec<ImageId>>;

/// What the photographer is in the middle of on the Photos tab, kept by the editor: the grid is
/// drawn anew after every upload and every finished rendition, and must not drop a choice made, a
/// place being typed or a photo being dragged.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    /// "Move to": the set chosen (an id, `none` or empty).
    target: RwSignal<String>,
    /// "Put at place": the place typed.
    place: RwSignal<String>,
    /// "Add to delivery": the package chosen.
    package: RwSignal<String>,
    /// What the last "Add" did, until the ticked photos change.
    added: RwSignal<Option<String>>,
    /// "Order all photos by".
    by: RwSignal<PhotoSort>,
    dragged: StoredValue<Option<ImageId>>,
    /// The last photo ticked or unticked by a click: one end of a Shift+click range.
    anchor: StoredValue<Option<ImageId>>,
    /// On a phone, whether the selection bar's tools are unfolded.
    tools_open: RwSignal<bool>,
}

impl Draft {
    pub(super) fn new() -> Self {
        Self {
            target: RwSignal::new(String::new()),
            place: RwSignal::new(String::new()),
            package: RwSignal::new(String::new()),
            added: RwSignal::new(None),
            by: RwSignal::new(PhotoSort::FileName),
            dragged: StoredValue::new(None),
            anchor: StoredValue::new(None),
            tools_open: RwSignal::new(false),
        }
    }
}

/// Once an action on the ticked photos succeeds, the photos it was sent for are unticked (and a
/// delete offers its "Undo", which takes the focus); refused, nothing changes but the sentence.
/// Set up once by the editor: the selection bar is drawn anew while the action runs.
pub(super) fn follow_bulk_actions(actions: Actions, selected: Selection, draft: Draft) {
    let after = Callback::new(move |(bulk, images): (Bulk, Vec<ImageId>)| {
        let done: std::collections::HashSet<ImageId> = images.iter().copied().collect();
        selected.update(|s| s.retain(|id| !done.contains(id)));
        match bulk {
            Bulk::Move => draft.target.set(String::new()),
            Bulk::Place => draft.place.set(String::new()),
            Bulk::Delete => {
                actions.just_deleted.set(images);
                // The grid is drawn again after a delete; the "Undo" takes the focus then too.
                actions.refocus.set_value(Some("undo-delete".to_owned()));
                crate::components::modal::focus_id_when_shown(
                    "undo-delete".to_owned(),
                    crate::components::modal::WAIT_FRAMES,
                );
            }
        }
    });
    actions.after_ticked.set_value(Some(after));
}

/// The address of page `index` (0-based) of `filter` in the editor.
fn page_href(gallery: GalleryId, filter: PhotoFilter, index: u32) -> String {
    let mut query = Vec::new();
    if let Some(show) = filter.to_query() {
        query.push(format!("show={show}"));
    }
    if index > 0 {
        query.push(format!("page={}", index + 1));
    }
    match query.is_empty() {
        true => format!("/studio/galleries/{gallery}"),
        false => format!("/studio/galleries/{gallery}?{}", query.join("&")),
    }
}

/// The photos, the pages and the undo list.
pub(super) fn editor_photos(
    page: EditorPhotos,
    actions: Actions,
    selected: Selection,
    draft: Draft,
) -> impl IntoView + use<> {
    let gallery = page.gallery;
    let sets = page.sets.clone();
    let cover = page.cover;
    let arranging = Arranging {
        gallery,
        actions,
        selected,
        page: StoredValue::new(page.images.iter().map(|i| (i.card.id, i.card.set_id)).collect()),
        dragged: draft.dragged,
        anchor: draft.anchor,
    };
    // Drawn again after an action: the control it named takes the focus, a frame later (when this
    // runs, the photos as they were may still be in the page).
    Effect::new(move |_| {
        if let Some(id) = actions.refocus.get_value() {
            actions.refocus.set_value(None);
            request_animation_frame(move || {
                crate::components::modal::focus_id_when_shown(id, crate::components::modal::WAIT_FRAMES)
            });
        }
    });
    view! {
        <section class="photos" aria-labelledby="photos-heading">
            <h2 id="photos-heading">{format!("Photos ({})", page.gallery_total())}</h2>
            {filters(&page, arranging)}
            {sort_control(gallery, page.gallery_total(), actions, draft.by)}
            {selection_bar(&page, actions, selected, draft)}
            {page.images.is_empty().then(|| view! {
                <p class="muted">{match page.filter {
                    PhotoFilter::All => "No photos yet: upload some above.",
                    PhotoFilter::Only(_) => "No photos here yet: tick photos in another set and move them here.",
                }}</p>
            })}
            <ul class="edit-grid">
                {page.images.clone().into_iter().map(|image| {
                    let is_cover = cover == Some(image.card.id);
                    photo_tile(image, sets.clone(), is_cover, arranging)
                }).collect_view()}
            </ul>
            {pager(gallery, &page)}
        </section>

        {(!page.deleted.is_empty()).then(|| view! {
            <section>
                <h2>{match page.deleted_total > page.deleted.len() as u32 {
                    true => format!("Recently deleted (newest {} of {})", page.deleted.len(), page.deleted_total),
                    false => "Recently deleted".to_owned(),
                }}</h2>
                <p class="muted">{format!(
                    "Deleted photos are kept here for {KEEP_DELETED_DAYS} days, then removed for good, except those an order, a delivery set or a comment you have not read still holds."
                )}</p>
                {(page.deleted_total > 1).then(|| view! {
                    // Everything comes back, the last delete's photos too: its "Undo" goes.
                    <p><button type="button" class="secondary" on:click=move |_| {
                        actions.just_deleted.set(Vec::new());
                        actions.restore_all.dispatch(RestoreAllImages { gallery });
                    }>{format!("Bring all {} back", page.deleted_total)}</button></p>
                })}
                <ul class="edit-grid deleted">
                    {page.deleted.into_iter().map(|image| deleted_tile(gallery, image, actions)).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// One link per set (with its count), the unassigned photos, and all.
fn filters(page: &EditorPhotos, arranging: Arranging) -> impl IntoView + use<> {
    let gallery = page.gallery;
    let mut choices = vec![(PhotoFilter::All, "All".to_owned(), page.gallery_total())];
    choices.extend(
        page.sets
            .iter()
            .map(|s| (PhotoFilter::Only(SetKey::Set(s.id)), s.name.clone(), page.count_of(SetKey::Set(s.id)))),
    );
    let unassigned = page.count_of(SetKey::Unassigned);
    if unassigned > 0 && !page.sets.is_empty() {
        choices.push((PhotoFilter::Only(SetKey::Unassigned), "Unassigned".to_owned(), unassigned));
    }
    let current = page.filter;
    (choices.len() > 1).then(|| {
        view! {
            <nav class="set-filter" aria-label="Show photos of">
                {choices.into_iter().map(|(filter, name, count)| {
                    // A set's link takes photos dropped on it into the set.
                    let into = match filter {
                        PhotoFilter::Only(SetKey::Set(set)) => Some(Some(set)),
                        PhotoFilter::Only(SetKey::Unassigned) => Some(None),
                        PhotoFilter::All => None,
                    };
                    let hovered = RwSignal::new(false);
                    view! {
                        <a href=page_href(gallery, filter, 0) aria-current=(filter == current).then_some("page")
                            class:drop-target=move || hovered.get()
                            on:dragover=move |ev: web_sys::DragEvent| if into.is_some() && arranging.dragging(&ev) {
                                ev.prevent_default();
                                hovered.set(true);
                            }
                            on:dragleave=move |_| hovered.set(false)
                            on:drop=move |ev: web_sys::DragEvent| {
                                hovered.set(false);
                                if let Some(set) = into {
                                    ev.prevent_default();
                                    arranging.drop_into_set(set, &ev);
                                }
                            }>
                            {format!("{name} ({count})")}
                        </a>
                    }
                }).collect_view()}
            </nav>
        }
    })
}

/// "Photos 101–200 of 1,000" with the previous and next pages.
fn pager(gallery: GalleryId, page: &EditorPhotos) -> impl IntoView + use<> {
    let filter = page.filter;
    let shown = (page.index + 1, page.pages(), EDITOR_PAGE_SIZE, page.total);
    crate::components::pager::pager("Photo pages", "Photos", shown, &|n| page_href(gallery, filter, n - 1))
}

/// Tick the page, and what to do with the ticked photos (from any page): move them to a set, put
/// them at a place, add them to a delivery, delete them.
fn selection_bar(page: &EditorPhotos, actions: Actions, selected: Selection, draft: Draft) -> impl IntoView + use<> {
    let gallery = page.gallery;
    let (sets, deliveries) = (page.sets.clone(), page.deliveries.clone());
    let (filter, total) = (page.filter, page.total);
    let on_page: Vec<ImageId> = page.images.iter().map(|i| i.card.id).collect();
    let Draft { target, place, package, added, tools_open, .. } = draft;
    // A set or delivery chosen before it was deleted is no longer a choice.
    if !target.with_untracked(|t| t.is_empty() || t == "none" || sets.iter().any(|s| s.id.to_string() == *t)) {
        target.set(String::new());
    }
    if !package.with_untracked(|p| p.is_empty() || deliveries.iter().any(|d| d.id.to_string() == *p)) {
        package.set(String::new());
    }
    let count = move || selected.with(Vec::len);
    let page_ids = StoredValue::new(on_page);
    let all_ticked =
        move || page_ids.with_value(|ids| !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id))));
    let toggle_page = move |_| {
        let ids = page_ids.get_value();
        if all_ticked() {
            selected.update(|s| s.retain(|id| !ids.contains(id)));
        } else {
            selected.update(|s| s.extend(ids.into_iter().filter(|id| !s.contains(id)).collect::<Vec<_>>()));
        }
    };
    let move_selected = move |_| {
        let value = target.get();
        if value.is_empty() {
            return;
        }
        let set = value.parse::<SetId>().ok();
        let images = selected.get();
        actions.move_ticked.dispatch(MoveImages { gallery, images, set });
    };
    // "Put at place n" of this view: photos ticked on any page go there, and the editor follows.
    let place_given = move || place.with(|p| p.trim().parse::<u32>().is_ok());
    let navigate = leptos_router::hooks::use_navigate();
    let place_selected = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(position) = place.get().trim().parse::<u32>() else { return };
        let position = position.clamp(1, total.max(1));
        let images = selected.get();
        let show = filter.to_query();
        actions.place.dispatch(PlaceImages { gallery, images, show, position });
        navigate(&page_href(gallery, filter, (position - 1) / EDITOR_PAGE_SIZE), Default::default());
    };
    let add_selected = move |_| {
        let Ok(chosen) = package.get().parse::<DeliverySetId>() else { return };
        actions.add_to_delivery.dispatch(AddToDelivery { gallery, package: chosen, images: selected.get() });
    };
    Effect::watch(
        move || actions.add_to_delivery.version().get(),
        move |_, _, _| {
            if matches!(actions.add_to_delivery.value().get_untracked(), Some(Ok(()))) {
                added
                    .set(Some("Added to the delivery. Open the Delivery tab to arrange it and make links.".to_owned()));
            }
        },
        false,
    );
    Effect::watch(move || selected.track(), move |_, _, _| added.set(None), false);
    // Many photos at once ask first, and come back together by one "Undo", which takes the focus
    // (the button that had it is gone with the selection).
    let delete_selected = move |_| {
        let images = selected.get();
        let question = format!(
            "Delete {} photos? They go to Recently deleted, where you can bring them back for {KEEP_DELETED_DAYS} days.",
            images.len()
        );
        if images.len() > 1 && !crate::components::confirm::ask(&question) {
            return;
        }
        actions.delete_ticked.dispatch(DeleteImages { gallery, images });
    };
    let undo_delete = move |_| {
        let images = actions.just_deleted.get_untracked();
        actions.just_deleted.set(Vec::new());
        actions.restore_images.dispatch(RestoreImages { gallery, images });
    };
    view! {
        <div class="selection-bar" class:active=move || { count() > 0 } role="group" aria-label="Selected photos">
            <button type="button" class="secondary" on:click=toggle_page>
                {move || if all_ticked() { "Untick this page" } else { "Tick this page" }}
            </button>
            <span class="muted" role="status">{move || added.get()}</span>
            <span role="status">{move || actions.just_deleted.with(|gone| match gone.len() {
                0 => None,
                n => Some(view! {
                    {if n == 1 { "1 photo deleted. ".to_owned() } else { format!("{n} photos deleted. ") }}
                    <button type="button" class="secondary" id="undo-delete" on:click=undo_delete>"Undo"</button>
                }),
            })}</span>
            <span aria-live="polite">{move || match count() {
                0 => "No photos ticked".to_owned(),
                1 => "1 photo ticked".to_owned(),
                n => format!("{n} photos ticked"),
            }}</span>
            // On a phone the bar's tools would cover a third of the screen while the
            // photographer ticks: there they fold behind one button (CSS shows it there only).
            <Show when=move || { count() > 0 }>
                <button type="button" class="secondary bar-toggle" aria-expanded=move || tools_open.get().to_string()
                    aria-controls="selection-tools" on:click=move |_| tools_open.update(|open| *open = !*open)>
                    {move || if tools_open.get() { "Hide actions" } else { "Actions…" }}
                </button>
            </Show>
            <div id="selection-tools" class="bar-tools" class:open=move || tools_open.get()>
            <Show when=move || { count() > 0 }>
                <label class="inline">
                    "Move to "
                    <select prop:value=move || target.get() on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">"choose a set…"</option>
                        {sets.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                        <option value="none">"Unassigned"</option>
                    </select>
                </label>
                <button type="button" on:click=move_selected disabled=move || target.get().is_empty()>"Move"</button>
                <form class="inline place-form" on:submit=place_selected.clone()>
                    <label class="inline">
                        "Put at place "
                        <input type="number" min="1" max=total.max(1) inputmode="numeric" class="place-input"
                            prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" disabled=move || !place_given()>"Put there"</button>
                </form>
                {(!deliveries.is_empty()).then(|| view! {
                    <label class="inline">
                        "Add to delivery "
                        <select prop:value=move || package.get() on:change=move |ev| package.set(event_target_value(&ev))>
                            <option value="">"choose a delivery…"</option>
                            {deliveries.iter().map(|d| view! { <option value=d.id.to_string()>{d.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" on:click=add_selected disabled=move || package.get().is_empty()>"Add"</button>
                })}
                <button type="button" class="secondary danger" on:click=delete_selected>
                    {move || format!("Delete {}", domain::words::photos(count() as u64))}
                </button>
                <button type="button" class="secondary" on:click=move |_| selected.set(Vec::new())>"Clear"</button>
            </Show>
            </div>
            // What an action on the photos was refused for, where the photographer is looking
            // (the bar sticks to the top while photos are ticked).
            <ActionError value=actions.move_images.value()/>
            <ActionError value=actions.move_ticked.value()/>
            <ActionError value=actions.place.value()/>
            <ActionError value=actions.delete_images.value()/>
            <ActionError value=actions.delete_ticked.value()/>
            <ActionError value=actions.restore_images.value()/>
            <ActionError value=actions.restore_all.value()/>
            <ActionError value=actions.add_to_delivery.value()/>
            <ActionError value=actions.shift_image.value()/>
            <ActionError value=actions.arrange.value()/>
            <ActionError value=actions.sort.value()/>
            <ActionError value=actions.cover.value()/>
        </div>
    }
}

fn thumbnail(image: &EditorImage) -> AnyView {
    let card = &image.card;
    match card.status {
        ImageStatus::Ready => {
            let (w, h) = RenditionSize::Grid480.dims(card.width, card.height);
            view! {
                <img src=card.rendition_url(RenditionSize::Grid480) srcset=card.grid_srcset()
                    sizes="200px" width=w height=h alt=card.file_name.clone() loading="lazy"/>
            }
            .into_any()
        }
        ImageStatus::Processing => view! { <div class="placeholder processing">"Processing…"</div> }.into_any(),
        ImageStatus::Failed => view! {
            <div class="placeholder failed">{image.failure.clone().unwrap_or_else(|| "Previews could not be made.".to_owned())}</div>
        }
        .into_any(),
    }
}

fn photo_tile(image: EditorImage, sets: Vec<SetView>, is_cover: bool, arranging: Arranging) -> impl IntoView {
    let Arranging { gallery, actions, selected, .. } = arranging;
    let id = image.card.id;
    let current = image.card.set_id;
    let name = image.card.file_name.clone();
    let camera = image.camera.clone().unwrap_or_default();
    let ticked = move || selected.with(|s| s.contains(&id));
    let hovered = RwSignal::new(false);
    let set_choice =
        SetChoice { gallery, image: id, actions, browsing: StoredValue::new(false), pending: StoredValue::new(None) };
    view! {
        <li class="edit-tile" data-status=image.card.status.as_str() data-image=id.to_string() class:ticked=ticked
            class:drop-target=move || hovered.get()
            draggable="true"
            on:dragstart=move |ev: web_sys::DragEvent| arranging.start_drag(id, &ev)
            on:dragend=move |_| arranging.end_drag()
            on:dragover=move |ev: web_sys::DragEvent| if arranging.dragging(&ev) {
                ev.prevent_default();
                hovered.set(true);
            }
            on:dragleave=move |_| hovered.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                hovered.set(false);
                arranging.drop_on(id, &ev);
            }>
            {thumbnail(&image)}
            // Ready, but its watermarked previews could not be made: visitors of previews do not
            // see it until it is mended.
            {(image.card.status == ImageStatus::Ready).then(|| image.failure.clone()).flatten().map(|why| view! {
                <p class="tile-warning" role="note">{why}</p>
            })}
            <label class="tick">
                // Shift+click ticks (or unticks) every photo between this one and the last clicked.
                <input type="checkbox" prop:checked=ticked on:click=move |ev: web_sys::MouseEvent| {
                    arranging.tick(id, event_target_checked(&ev), ev.shift_key());
                }/>
                <span class="visually-hidden">{format!("Tick {name}")}</span>
            </label>
            <p class="file-name" title=name.clone()>{name.clone()}{is_cover.then_some(" ★")}</p>
            {(!camera.is_empty()).then(|| view! { <p class="muted camera">{camera}</p> })}
            <label class="set-select">
                <span class="visually-hidden">{format!("Set of {name}")}</span>
                // `prop:value` as well as `selected`: when the grid is redrawn in place after a
                // reload, an option's `selected` attribute no longer moves a select the
                // photographer has touched; the property does.
                // Chosen with the mouse or a touch, the photo moves at once. Keys change a closed
                // select's value as they go (Windows): the choice then waits for Enter or for the
                // focus to leave, or each arrow would move the photo again.
                <select prop:value=current.map(|s| s.to_string()).unwrap_or_default() id=format!("set-of-{}", id.0.simple())
                    on:mousedown=move |_| set_choice.browsing.set_value(false)
                    on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => set_choice.commit(),
                        "Tab" | "Escape" => {}
                        _ => set_choice.browsing.set_value(true),
                    }
                    on:change=move |ev| set_choice.chosen(event_target_value(&ev).parse::<SetId>().ok())
                    on:blur=move |_| {
                        set_choice.browsing.set_value(false);
                        set_choice.commit();
                    }>
                    <option value="" selected=current.is_none()>"Unassigned"</option>
                    {sets.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=current == Some(s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="tile-actions">
                // The focus follows the photo moved (a keyboard user walks it along with Enter).
                <button class="icon" title="Move earlier" aria-label=format!("Move {name} earlier") id=format!("shift-{}-earlier", id.0.simple())
                    on:click=move |_| {
                        actions.refocus.set_value(Some(format!("shift-{}-earlier", id.0.simple())));
                        actions.shift_image.dispatch(ShiftImage { gallery, image: id, offset: -1 });
                    }>"←"</button>
                <button class="icon" title="Move later" aria-label=format!("Move {name} later") id=format!("shift-{}-later", id.0.simple())
                    on:click=move |_| {
                        actions.refocus.set_value(Some(format!("shift-{}-later", id.0.simple())));
                        actions.shift_image.dispatch(ShiftImage { gallery, image: id, offset: 1 });
                    }>"→"</button>
                <button class="icon" title="Use as cover" aria-label=format!("Use {name} as cover")
                    aria-pressed=if is_cover { "true" } else { "false" }
                    on:click=move |_| { actions.cover.dispatch(SetCover { id: gallery, image: id }); }>"★"</button>
                // Deleted, the photo's own "Undo delete" (in Recently deleted) takes the focus.
                <button class="icon danger" title="Delete" aria-label=format!("Delete {name}")
                    on:click=move |_| {
                        actions.refocus.set_value(Some(format!("undo-delete-{}", id.0.simple())));
                        // A deleted photo cannot stay ticked: every action on the ticked ones
                        // would be refused for it.
                        selected.update(|s| s.retain(|ticked| *ticked != id));
                        actions.delete_images.dispatch(DeleteImages { gallery, images: vec![id] });
                    }>{trash_icon()}</button>
            </div>
        </li>
    }
}

/// A photo's set as chosen in its tile's select.
#[derive(Clone, Copy)]
struct SetChoice {
    gallery: GalleryId,
    image: ImageId,
    actions: Actions,
    /// The value was last changed by a key: wait for Enter or for the focus to leave.
    browsing: StoredValue<bool>,
    /// The set chosen and not sent yet (`Some(None)`: unassigned).
    pending: StoredValue<Option<Option<SetId>>>,
}

impl SetChoice {
    fn chosen(self, set: Option<SetId>) {
        self.pending.set_value(Some(set));
        if !self.browsing.get_value() {
            self.commit();
        }
    }

    fn commit(self) {
        let Some(set) = self.pending.get_value() else { return };
        self.pending.set_value(None);
        self.actions.refocus.set_value(Some(format!("set-of-{}", self.image.0.simple())));
        self.actions.move_images.dispatch(MoveImages { gallery: self.gallery, images: vec![self.image], set });
    }
}

/// A bin, drawn (an emoji is an empty box where the system has no emoji font).
fn trash_icon() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14M10 11v6M14 11v6"/>
        </svg>
    }
}

fn deleted_tile(gallery: GalleryId, image: EditorImage, actions: Actions) -> impl IntoView {
    let id = image.card.id;
    let name = image.card.file_name.clone();
    view! {
        <li class="edit-tile">
            {thumbnail(&image)}
            <p class="file-name">{name.clone()}</p>
            <button class="secondary" aria-label=format!("Undo delete of {name}") id=format!("undo-delete-{}", id.0.simple())
                on:click=move |_| { actions.restore_images.dispatch(RestoreImages { gallery, images: vec![id] }); }>"Undo delete"</button>
        </li>
    }
}

/// Arranging the page by hand: ticking with Shift for a range, and dragging photos (the ticked
/// ones together) onto another photo to put them there, or onto a set's link to move them in.
#[derive(Clone, Copy)]
struct Arranging {
    gallery: GalleryId,
    actions: Actions,
    selected: Selection,
    /// The page's photos in order, with their sets.
    page: StoredValue<Vec<(ImageId, Option<SetId>)>>,
    dragged: StoredValue<Option<ImageId>>,
    /// The last photo ticked or unticked by a click: one end of a Shift+click range.
    anchor: StoredValue<Option<ImageId>>,
}

impl Arranging {
    fn index_of(self, id: ImageId) -> Option<usize> {
        self.page.with_value(|page| page.iter().position(|(p, _)| *p == id))
    }

    /// A click on `id`'s tick box (now `on`): with Shift, the whole range from the last click.
    fn tick(self, id: ImageId, on: bool, range: bool) {
        let from = self.anchor.get_value().filter(|_| range).and_then(|a| self.index_of(a));
        let ids: Vec<ImageId> = match (from, self.index_of(id)) {
            (Some(a), Some(b)) => {
                self.page.with_value(|page| page[a.min(b)..=a.max(b)].iter().map(|(p, _)| *p).collect())
            }
            _ => vec![id],
        };
        self.selected.update(|s| {
            s.retain(|x| !ids.contains(x));
            if on {
                s.extend(ids);
            }
        });
        self.anchor.set_value(Some(id));
    }

    fn start_drag(self, id: ImageId, ev: &web_sys::DragEvent) {
        self.dragged.set_value(Some(id));
        if let Some(data) = ev.data_transfer() {
            data.set_effect_allowed("move");
            let _ = data.set_data("text/plain", &id.to_string());
        }
    }

    fn end_drag(self) {
        self.dragged.set_value(None);
    }

    /// Whether `ev` drags one of the page's photos. Files dragged in from the computer are for the
    /// uploader, even if a photo's drag ended unseen (its tile was drawn anew mid-drag, so its
    /// `dragend` went nowhere).
    fn dragging(self, ev: &web_sys::DragEvent) -> bool {
        let files = ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0));
        !files && self.dragged.with_value(Option::is_some)
    }

    /// The photo `ev` drops: the one whose drag this page started, as the drag itself says.
    fn dropped(self, ev: &web_sys::DragEvent) -> Option<ImageId> {
        let carried = ev.data_transfer()?.get_data("text/plain").ok()?.parse::<ImageId>().ok()?;
        self.dragged.get_value().filter(|d| *d == carried)
    }

    /// What `ev` moves: the dragged photo, or every ticked photo on this page when it is ticked.
    fn moving(self, ev: &web_sys::DragEvent) -> Vec<ImageId> {
        let Some(dragged) = self.dropped(ev) else { return Vec::new() };
        let ticked = self.selected.get_untracked();
        if !ticked.contains(&dragged) {
            return vec![dragged];
        }
        self.page.with_value(|page| page.iter().map(|(p, _)| *p).filter(|p| ticked.contains(p)).collect())
    }

    /// Dropped on the photo `target`: the moving photos take its place (after it when they came
    /// from before it), in their page order; into its set first if they were in another.
    fn drop_on(self, target: ImageId, ev: &web_sys::DragEvent) {
        let moving = self.moving(ev);
        self.end_drag();
        if moving.is_empty() || moving.contains(&target) {
            return;
        }
        let (Some(from), Some(to)) = (moving.first().and_then(|m| self.index_of(*m)), self.index_of(target)) else {
            return;
        };
        let set_of =
            |id: ImageId| self.page.with_value(|page| page.iter().find(|(p, _)| *p == id).and_then(|(_, s)| *s));
        let target_set = set_of(target);
        if moving.iter().any(|m| set_of(*m) != target_set) {
            self.move_into(moving, target_set);
            return;
        }
        let mut order: Vec<ImageId> =
            self.page.with_value(|page| page.iter().map(|(p, _)| *p).filter(|p| !moving.contains(p)).collect());
        let at = order.iter().position(|p| *p == target).map_or(order.len(), |i| if from < to { i + 1 } else { i });
        let after = order.split_off(at);
        order.extend(moving);
        order.extend(after);
        self.actions.arrange.dispatch(ArrangeImages { gallery: self.gallery, images: order });
    }

    /// Dropped on a set's link (`None`: Unassigned).
    fn drop_into_set(self, set: Option<SetId>, ev: &web_sys::DragEvent) {
        let moving = self.moving(ev);
        self.end_drag();
        if !moving.is_empty() {
            self.move_into(moving, set);
        }
    }

    /// Moves photos into a set; ticked photos that moved are no longer ticked (as with "Move").
    fn move_into(self, moving: Vec<ImageId>, set: Option<SetId>) {
        self.selected.update(|s| s.retain(|id| !moving.contains(id)));
        self.actions.move_images.dispatch(MoveImages { gallery: self.gallery, images: moving, set });
    }
}

/// Orders every photo of the gallery at once, after asking (it replaces an order made by hand).
fn sort_control(gallery: GalleryId, total: u32, actions: Actions, by: RwSignal<PhotoSort>) -> impl IntoView + use<> {
    (total > 1).then(|| {
        view! {
            <form class="sort-photos inline-form" on:submit=move |ev| {
                ev.prevent_default();
                let chosen = by.get_untracked();
                let question = format!(
                    "Put all {total} photos in order of {}? The order you arranged by hand is replaced.",
                    chosen.label().to_lowercase()
                );
                if crate::components::confirm::ask(&question) {
                    actions.sort.dispatch(SortImages { gallery, by: chosen });
                }
            }>
                <label>"Order all photos by "
                    <select prop:value=move || by.get().token() on:change=move |ev| {
                        if let Some(chosen) = PhotoSort::from_token(&event_target_value(&ev)) {
                            by.set(chosen);
                        }
                    }>
                        {PhotoSort::ALL.into_iter().map(|s| view! { <option value=s.token()>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="secondary" disabled=move || actions.sort.pending().get()>"Sort"</button>
            </form>
        }
    })
}
