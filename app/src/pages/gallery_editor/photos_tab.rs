//! The Photos tab's grid, a page at a time (`?show=` a set, `?page=`): each photo with its set,
//! order, cover and delete; a selection that lives across pages, moved or deleted at once; the
//! pages; and the undo list.

use super::actions::Actions;
use crate::api::galleries::SetCover;
use crate::api::images::{DeleteImages, MoveImages, RestoreImages, ShiftImage};
use domain::dto::{EditorImage, SetView};
use domain::editor_photos::{EDITOR_PAGE_SIZE, EditorPhotos, PhotoFilter};
use domain::gallery::ImageStatus;
use domain::gallery_page::SetKey;
use domain::ids::{GalleryId, ImageId, SetId};
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// The photos the photographer has ticked, on any page.
pub(super) type Selection = RwSignal<Vec<ImageId>>;

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
pub(super) fn editor_photos(page: EditorPhotos, actions: Actions, selected: Selection) -> impl IntoView + use<> {
    let gallery = page.gallery;
    let on_page: Vec<ImageId> = page.images.iter().map(|i| i.card.id).collect();
    let sets = page.sets.clone();
    let cover = page.cover;
    view! {
        <section class="photos" aria-labelledby="photos-heading">
            <h2 id="photos-heading">{format!("Photos ({})", page.gallery_total())}</h2>
            {filters(gallery, &page)}
            {selection_bar(gallery, sets.clone(), on_page, actions, selected)}
            {page.images.is_empty().then(|| view! {
                <p class="muted">{match page.filter {
                    PhotoFilter::All => "No photos yet: upload some above.",
                    PhotoFilter::Only(_) => "No photos here yet: tick photos in another set and move them here.",
                }}</p>
            })}
            <ul class="edit-grid">
                {page.images.clone().into_iter().map(|image| {
                    let is_cover = cover == Some(image.card.id);
                    photo_tile(gallery, image, sets.clone(), is_cover, actions, selected)
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
                <ul class="edit-grid deleted">
                    {page.deleted.into_iter().map(|image| deleted_tile(gallery, image, actions)).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// One link per set (with its count), the unassigned photos, and all.
fn filters(gallery: GalleryId, page: &EditorPhotos) -> impl IntoView + use<> {
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
                {choices.into_iter().map(|(filter, name, count)| view! {
                    <a href=page_href(gallery, filter, 0) aria-current=(filter == current).then_some("page")>
                        {format!("{name} ({count})")}
                    </a>
                }).collect_view()}
            </nav>
        }
    })
}

/// "Photos 101–200 of 1,000" with the previous and next pages (plain links: they work before the
/// page is interactive, and the address says where the photographer is).
fn pager(gallery: GalleryId, page: &EditorPhotos) -> impl IntoView + use<> {
    let pages = page.pages();
    let index = page.index;
    let filter = page.filter;
    let last = (page.first_number() + EDITOR_PAGE_SIZE - 1).min(page.total);
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Photo pages">
                {(index > 0).then(|| view! { <a rel="prev" href=page_href(gallery, filter, index - 1)>"← Previous"</a> })}
                <span>{format!("Photos {}–{} of {} · page {} of {}", page.first_number(), last, page.total, index + 1, pages)}</span>
                {(index + 1 < pages).then(|| view! { <a rel="next" href=page_href(gallery, filter, index + 1)>"Next →"</a> })}
            </nav>
        }
    })
}

/// Tick the page, and what to do with the ticked photos: move them to a set, delete them.
fn selection_bar(
    gallery: GalleryId,
    sets: Vec<SetView>,
    on_page: Vec<ImageId>,
    actions: Actions,
    selected: Selection,
) -> impl IntoView + use<> {
    let count = move || selected.with(Vec::len);
    let target = RwSignal::new(String::new());
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
        actions.move_images.dispatch(MoveImages { gallery, images: selected.get(), set });
        selected.set(Vec::new());
    };
    let delete_selected = move |_| {
        actions.delete_images.dispatch(DeleteImages { gallery, images: selected.get() });
        selected.set(Vec::new());
    };
    view! {
        <div class="selection-bar" class:active=move || { count() > 0 } role="group" aria-label="Selected photos">
            <button type="button" class="secondary" on:click=toggle_page>
                {move || if all_ticked() { "Untick this page" } else { "Tick this page" }}
            </button>
            <span aria-live="polite">{move || match count() {
                0 => "No photos ticked".to_owned(),
                1 => "1 photo ticked".to_owned(),
                n => format!("{n} photos ticked"),
            }}</span>
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
                <button type="button" class="secondary danger" on:click=delete_selected>
                    {move || format!("Delete {}", if count() == 1 { "1 photo".to_owned() } else { format!("{} photos", count()) })}
                </button>
                <button type="button" class="secondary" on:click=move |_| selected.set(Vec::new())>"Clear"</button>
            </Show>
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
        ImageStatus::Processing => view! { <div class="placeholder processing" role="status">"Processing…"</div> }.into_any(),
        ImageStatus::Failed => view! {
            <div class="placeholder failed" role="alert">{image.failure.clone().unwrap_or_else(|| "Previews could not be made.".to_owned())}</div>
        }
        .into_any(),
    }
}

fn photo_tile(
    gallery: GalleryId,
    image: EditorImage,
    sets: Vec<SetView>,
    is_cover: bool,
    actions: Actions,
    selected: Selection,
) -> impl IntoView {
    let id = image.card.id;
    let current = image.card.set_id;
    let name = image.card.file_name.clone();
    let camera = image.camera.clone().unwrap_or_default();
    let ticked = move || selected.with(|s| s.contains(&id));
    view! {
        <li class="edit-tile" data-status=image.card.status.as_str() class:ticked=ticked>
            {thumbnail(&image)}
            <label class="tick">
                <input type="checkbox" prop:checked=ticked on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|x| *x != id);
                        if on {
                            s.push(id);
                        }
                    });
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
                <select prop:value=current.map(|s| s.to_string()).unwrap_or_default() on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let set = value.parse::<SetId>().ok();
                    actions.move_images.dispatch(MoveImages { gallery, images: vec![id], set });
                }>
                    <option value="" selected=current.is_none()>"Unassigned"</option>
                    {sets.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=current == Some(s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="tile-actions">
                <button class="icon" title="Move earlier" aria-label=format!("Move {name} earlier")
                    on:click=move |_| { actions.shift_image.dispatch(ShiftImage { gallery, image: id, offset: -1 }); }>"←"</button>
                <button class="icon" title="Move later" aria-label=format!("Move {name} later")
                    on:click=move |_| { actions.shift_image.dispatch(ShiftImage { gallery, image: id, offset: 1 }); }>"→"</button>
                <button class="icon" title="Use as cover" aria-label=format!("Use {name} as cover")
                    on:click=move |_| { actions.cover.dispatch(SetCover { id: gallery, image: id }); }>"★"</button>
                <button class="icon danger" title="Delete" aria-label=format!("Delete {name}")
                    on:click=move |_| { actions.delete_images.dispatch(DeleteImages { gallery, images: vec![id] }); }>{trash_icon()}</button>
            </div>
        </li>
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
            <button class="secondary" aria-label=format!("Undo delete of {name}")
                on:click=move |_| { actions.restore_images.dispatch(RestoreImages { gallery, images: vec![id] }); }>"Undo delete"</button>
        </li>
    }
}
