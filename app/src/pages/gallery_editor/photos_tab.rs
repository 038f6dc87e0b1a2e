//! The Photos tab's grid: every photo with its set, order, cover and delete, and the undo list.

use super::actions::Actions;
use crate::api::galleries::SetCover;
use crate::api::images::{DeleteImages, MoveImages, RestoreImages, ShiftImage};
use domain::dto::{EditorImage, GalleryEditorView, SetView};
use domain::gallery::ImageStatus;
use domain::ids::{GalleryId, SetId};
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// The photos and the undo list.
pub(super) fn editor_photos(view: GalleryEditorView, actions: Actions) -> impl IntoView {
    let gallery = view.id;
    let sets = view.sets.clone();
    let image_count = view.images.len();
    let cover = view.cover_image_id;
    view! {
        <section>
            <h2>{format!("Photos ({image_count})")}</h2>
            <ul class="edit-grid">
                {view.images.into_iter().map(|image| {
                    let is_cover = cover == Some(image.card.id);
                    photo_tile(gallery, image, sets.clone(), is_cover, actions)
                }).collect_view()}
            </ul>
        </section>

        {(!view.deleted.is_empty()).then(|| view! {
            <section>
                <h2>"Recently deleted"</h2>
                <ul class="edit-grid deleted">
                    {view.deleted.into_iter().map(|image| deleted_tile(gallery, image, actions)).collect_view()}
                </ul>
            </section>
        })}
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
) -> impl IntoView {
    let id = image.card.id;
    let current = image.card.set_id;
    let name = image.card.file_name.clone();
    let camera = image.camera.clone().unwrap_or_default();
    view! {
        <li class="edit-tile" data-status=image.card.status.as_str()>
            {thumbnail(&image)}
            <p class="file-name" title=name.clone()>{name.clone()}{is_cover.then_some(" ★")}</p>
            <p class="muted">{camera}</p>
            <label class="set-select">
                <span class="visually-hidden">{format!("Set of {name}")}</span>
                <select on:change=move |ev| {
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
                    on:click=move |_| { actions.delete_images.dispatch(DeleteImages { gallery, images: vec![id] }); }>"🗑"</button>
            </div>
        </li>
    }
}

fn deleted_tile(gallery: GalleryId, image: EditorImage, actions: Actions) -> impl IntoView {
    let id = image.card.id;
    let name = image.card.file_name.clone();
    view! {
        <li class="edit-tile">
            {thumbnail(&image)}
            <p class="file-name">{name.clone()}</p>
            <button class="secondary" aria-label=format!("Restore {name}")
                on:click=move |_| { actions.restore_images.dispatch(RestoreImages { gallery, images: vec![id] }); }>"Undo delete"</button>
        </li>
    }
}
