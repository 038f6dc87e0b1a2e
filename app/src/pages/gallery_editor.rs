//! The photographer's gallery editor: details, publishing, sets, upload, arranging photos.

use crate::api::galleries::{SetCover, SetGalleryPassword, SetPublished, UpdateGallery, gallery_editor};
use crate::api::images::{DeleteImages, MoveImages, RestoreImages, ShiftImage, image_statuses};
use crate::api::sets::{CreateSet, DeleteSet, RenameSet, ShiftSet};
use crate::components::annotations_panel::AnnotationsPanel;
use crate::components::downloads_log::DownloadsLog;
use crate::components::error_note::ActionError;
use crate::components::inbox_panel::InboxPanel;
use crate::components::invite_panel::InvitePanel;
use crate::components::selects_panel::SelectsPanel;
use crate::components::settings_panel::SettingsPanel;
use crate::components::upload::Uploader;
use crate::error::AppError;
use domain::dto::{EditorImage, GalleryEditorView, SetView};
use domain::gallery::{GalleryStatus, ImageStatus};
use domain::ids::{GalleryId, ImageId, SetId};
use domain::rendition::RenditionSize;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::time::Duration;

/// Every action of the editor; any of them finishing reloads the view.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateGallery>,
    password: ServerAction<SetGalleryPassword>,
    publish: ServerAction<SetPublished>,
    cover: ServerAction<SetCover>,
    create_set: ServerAction<CreateSet>,
    rename_set: ServerAction<RenameSet>,
    delete_set: ServerAction<DeleteSet>,
    shift_set: ServerAction<ShiftSet>,
    move_images: ServerAction<MoveImages>,
    shift_image: ServerAction<ShiftImage>,
    delete_images: ServerAction<DeleteImages>,
    restore_images: ServerAction<RestoreImages>,
    reload: RwSignal<u32>,
}

impl Actions {
    fn new() -> Self {
        Self {
            update: ServerAction::new(),
            password: ServerAction::new(),
            publish: ServerAction::new(),
            cover: ServerAction::new(),
            create_set: ServerAction::new(),
            rename_set: ServerAction::new(),
            delete_set: ServerAction::new(),
            shift_set: ServerAction::new(),
            move_images: ServerAction::new(),
            shift_image: ServerAction::new(),
            delete_images: ServerAction::new(),
            restore_images: ServerAction::new(),
            reload: RwSignal::new(0),
        }
    }

    /// Changes when the details or the sets were saved.
    fn details_version(&self) -> usize {
        self.update.version().get() + self.password.version().get() + self.publish.version().get() + self.sets_version()
    }

    fn sets_version(&self) -> usize {
        self.create_set.version().get()
            + self.rename_set.version().get()
            + self.delete_set.version().get()
            + self.shift_set.version().get()
    }

    /// Changes when anything the photo grid shows may have changed (uploads and finished
    /// renditions included), without touching the forms above it.
    fn photos_version(&self) -> usize {
        self.sets_version()
            + self.cover.version().get()
            + self.move_images.version().get()
            + self.shift_image.version().get()
            + self.delete_images.version().get()
            + self.restore_images.version().get()
            + self.reload.get() as usize
    }
}

/// `/studio/galleries/:id`.
#[component]
pub fn GalleryEditor() -> AnyView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<GalleryId>().ok());
    let actions = Actions::new();
    let load = |(id, _): (Option<GalleryId>, usize)| async move {
        match id {
            Some(id) => gallery_editor(id).await,
            None => Err(AppError::NotFound),
        }
    };
    // Two views of the same data, so an upload or a finished rendition redraws the photos but
    // never the forms the photographer may be typing in.
    let editor = Resource::new(move || (id(), actions.details_version()), load);
    let photos = Resource::new(move || (id(), actions.photos_version()), load);
    poll_processing(photos, actions);
    let query = use_query_map();
    let tab = move || Tab::from_query(query.read().get("tab").as_deref());
    view! {
        <Title text="Edit gallery · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"← Galleries"</a>
        </header>
        <main class="wide editor">
            <nav class="tabs" aria-label="Gallery sections">
                {Tab::ALL.into_iter().map(|t| view! {
                    <a href=move || id().map(|id| t.href(id)).unwrap_or_default()
                        aria-current=move || (tab() == t).then_some("page")>{t.label()}</a>
                }).collect_view()}
            </nav>
            <Transition fallback=|| view! { <p>"Loading the gallery…"</p> }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(view) => match tab() {
                            Tab::Photos => editor_top(view, actions).into_any(),
                            Tab::Access => view! {
                                <SettingsPanel view/>
                            }.into_any(),
                            Tab::Invite => view! { <InvitePanel gallery=view.id slug=view.slug sets=view.sets public_link=view.public_link/> }.into_any(),
                            Tab::Downloads => view! { <DownloadsLog gallery=view.id/> }.into_any(),
                            Tab::Selects => view! { <SelectsPanel gallery=view.id/> }.into_any(),
                            Tab::Inbox => view! { <InboxPanel gallery=view.id/> }.into_any(),
                            Tab::Annotations => view! { <AnnotationsPanel gallery=view.id/> }.into_any(),
                        },
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to edit this gallery. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            // Outside the reloading parts, so uploads in progress survive every refresh.
            {move || id().filter(|_| tab() == Tab::Photos).map(|gallery| view! {
                <section class="card">
                    <h2>"Upload photos"</h2>
                    <Uploader gallery=gallery on_uploaded=Callback::new(move |()| actions.reload.update(|n| *n += 1))/>
                </section>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let photos = photos.await.ok();
                    (tab() == Tab::Photos).then(|| photos.map(|view| editor_photos(view, actions)))
                })}
            </Transition>
            <ActionError value=actions.move_images.value()/>
            <ActionError value=actions.shift_image.value()/>
            <ActionError value=actions.delete_images.value()/>
            <ActionError value=actions.restore_images.value()/>
            <ActionError value=actions.cover.value()/>
        </main>
    }
    .into_any()
}

/// The editor's sections, one URL each (`?tab=`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Photos,
    Access,
    Invite,
    Downloads,
    Selects,
    Inbox,
    Annotations,
}

impl Tab {
    const ALL: [Tab; 7] =
        [Tab::Photos, Tab::Access, Tab::Invite, Tab::Downloads, Tab::Selects, Tab::Inbox, Tab::Annotations];

    fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("access") => Self::Access,
            Some("invite") => Self::Invite,
            Some("downloads") => Self::Downloads,
            Some("selects") => Self::Selects,
            Some("inbox") => Self::Inbox,
            Some("annotations") => Self::Annotations,
            _ => Self::Photos,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Photos => "Photos",
            Self::Access => "Access & downloads",
            Self::Invite => "Invite",
            Self::Downloads => "Downloads log",
            Self::Selects => "Selects",
            Self::Inbox => "Comments",
            Self::Annotations => "Annotations",
        }
    }

    fn href(self, id: GalleryId) -> String {
        match self {
            Self::Photos => format!("/studio/galleries/{id}"),
            Self::Access => format!("/studio/galleries/{id}?tab=access"),
            Self::Invite => format!("/studio/galleries/{id}?tab=invite"),
            Self::Downloads => format!("/studio/galleries/{id}?tab=downloads"),
            Self::Selects => format!("/studio/galleries/{id}?tab=selects"),
            Self::Inbox => format!("/studio/galleries/{id}?tab=inbox"),
            Self::Annotations => format!("/studio/galleries/{id}?tab=annotations"),
        }
    }
}

/// Polls: one poll every 1.5 s for at most an hour.
const POLL_EVERY: Duration = Duration::from_millis(1500);
const MAX_POLLS: u32 = 2400;

/// While photos are processing, asks for their states (a small request) and redraws the grid
/// only when one of them finished.
fn poll_processing(photos: Resource<Result<GalleryEditorView, AppError>>, actions: Actions) {
    let polls = RwSignal::new(0u32);
    Effect::new(move |_| {
        let count = polls.get();
        let Some(Ok(view)) = photos.get() else { return };
        let waiting: Vec<ImageId> =
            view.images.iter().filter(|i| i.card.status == ImageStatus::Processing).map(|i| i.card.id).collect();
        if waiting.is_empty() || count >= MAX_POLLS {
            return;
        }
        let gallery = view.id;
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let finished = image_statuses(gallery).await.is_ok_and(|states| {
                        states.iter().any(|(id, s)| waiting.contains(id) && *s != ImageStatus::Processing)
                    });
                    if finished {
                        actions.reload.update(|n| *n += 1);
                    } else {
                        polls.update(|n| *n += 1);
                    }
                });
            },
            POLL_EVERY,
        );
    });
}

fn editor_top(view: GalleryEditorView, actions: Actions) -> impl IntoView {
    let gallery = view.id;
    let published = view.status == GalleryStatus::Published;
    let client_link = format!("/g/{}", view.slug);
    let event_date = view.event_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
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

        <section class="card">
            <h2>"Details"</h2>
            <ActionForm action=actions.update attr:class="stack">
                <input type="hidden" name="id" value=gallery.to_string()/>
                <label>"Title" <input type="text" name="title" value=view.title.clone() required/></label>
                <label>"Address" <input type="text" name="slug" value=view.slug.clone()/>
                    <small>{if view.public_link {
                        format!("The public link is on: anyone with {client_link} can view the gallery as a guest.")
                    } else {
                        format!("The public link is off: {client_link} opens for you only. Clients use the links from the Invite tab.")
                    }}</small>
                </label>
                <label>"Event date" <input type="date" name="event_date" value=event_date/></label>
                <button type="submit">"Save details"</button>
            </ActionForm>
            <ActionError value=actions.update.value()/>
        </section>

        <section class="card">
            <h2>"Gallery password"</h2>
            <p class="muted">
                {if view.has_password {
                    "Visitors must enter the password before they see anything of this gallery."
                } else {
                    "No password: anyone with a link to it can open the gallery once it is published."
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

        <section class="card">
            <h2>"Sets"</h2>
            <ol class="sets">
                {view.sets.iter().cloned().map(|set| set_row(gallery, set, actions)).collect_view()}
            </ol>
            <ActionForm action=actions.create_set attr:class="inline-form">
                <input type="hidden" name="gallery" value=gallery.to_string()/>
                <label>"New set" <input type="text" name="name" required placeholder="Ceremony"/></label>
                <button type="submit">"Add set"</button>
            </ActionForm>
            <ActionError value=actions.create_set.value()/>
            <ActionError value=actions.rename_set.value()/>
            <ActionError value=actions.delete_set.value()/>
        </section>

    }
}

/// The photos and the undo list.
fn editor_photos(view: GalleryEditorView, actions: Actions) -> impl IntoView {
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

fn set_row(gallery: GalleryId, set: SetView, actions: Actions) -> impl IntoView {
    let set_id = set.id;
    let name = set.name;
    let (up, down, remove) = (format!("Move {name} up"), format!("Move {name} down"), format!("Delete set {name}"));
    view! {
        <li class="set-row">
            <ActionForm action=actions.rename_set attr:class="inline-form">
                <input type="hidden" name="gallery" value=gallery.to_string()/>
                <input type="hidden" name="set" value=set_id.to_string()/>
                <input type="text" name="name" value=name.clone() aria-label="Set name" required/>
                <button type="submit" class="secondary">"Rename"</button>
            </ActionForm>
            <button class="icon" title="Move up" aria-label=up
                on:click=move |_| { actions.shift_set.dispatch(ShiftSet { gallery, set: set_id, offset: -1 }); }>"↑"</button>
            <button class="icon" title="Move down" aria-label=down
                on:click=move |_| { actions.shift_set.dispatch(ShiftSet { gallery, set: set_id, offset: 1 }); }>"↓"</button>
            <button class="icon danger" title="Delete set" aria-label=remove
                on:click=move |_| { actions.delete_set.dispatch(DeleteSet { gallery, set: set_id }); }>"✕"</button>
        </li>
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
