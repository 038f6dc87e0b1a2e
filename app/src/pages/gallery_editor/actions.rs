//! Every server action of the editor in one `Copy` bundle, and the versions that tell which part
//! of the page must reload; plus the poll that notices when processing photos are ready.

use crate::api::delivery::AddToDelivery;
use crate::api::galleries::{DeleteGallery, SetCover, SetGalleryPassword, SetPublished, UpdateGallery};
use crate::api::images::{
    ArrangeImages, DeleteImages, MoveImages, PlaceImages, RestoreAllImages, RestoreImages, ShiftImage, SortImages,
    image_statuses,
};
use crate::api::sets::{CreateSet, DeleteSet, RenameSet, ShiftSet};
use crate::components::drafts::Drafts;
use crate::error::AppError;
use domain::editor_photos::EditorPhotos;
use domain::gallery::ImageStatus;
use domain::ids::{ImageId, SetId};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::time::Duration;

/// Every action of the editor; any of them finishing reloads the view.
#[derive(Clone, Copy)]
pub(super) struct Actions {
    pub(super) update: ServerAction<UpdateGallery>,
    pub(super) password: ServerAction<SetGalleryPassword>,
    pub(super) publish: ServerAction<SetPublished>,
    pub(super) cover: ServerAction<SetCover>,
    pub(super) create_set: ServerAction<CreateSet>,
    pub(super) rename_set: ServerAction<RenameSet>,
    pub(super) delete_set: ServerAction<DeleteSet>,
    pub(super) shift_set: ServerAction<ShiftSet>,
    pub(super) move_images: ServerAction<MoveImages>,
    /// The ticked photos moved, placed or deleted from the selection bar: actions of their own,
    /// whose answers each untick the photos they were sent for (`ticked`).
    pub(super) move_ticked: Action<MoveImages, Result<(), AppError>>,
    pub(super) delete_ticked: Action<DeleteImages, Result<(), AppError>>,
    pub(super) shift_image: ServerAction<ShiftImage>,
    pub(super) arrange: ServerAction<ArrangeImages>,
    pub(super) sort: ServerAction<SortImages>,
    pub(super) place: Action<PlaceImages, Result<(), AppError>>,
    pub(super) delete_images: ServerAction<DeleteImages>,
    pub(super) restore_images: ServerAction<RestoreImages>,
    pub(super) restore_all: ServerAction<RestoreAllImages>,
    pub(super) add_to_delivery: ServerAction<AddToDelivery>,
    /// Deleting the gallery: its answer goes to the studio's galleries, so nothing reloads.
    pub(super) delete_gallery: ServerAction<DeleteGallery>,
    pub(super) reload: RwSignal<u32>,
    /// Set names being typed and not saved yet, by set: the sets are drawn anew whenever one is
    /// moved, added or deleted (or the gallery saved), and a name half-typed must stay with its
    /// set.
    pub(super) set_names: Drafts<SetId, RwSignal<Option<String>>>,
    /// The photos the last "Delete N photos" took away, for its one "Undo" (the photos are drawn
    /// anew after a delete, so this outlives them).
    pub(super) just_deleted: RwSignal<Vec<domain::ids::ImageId>>,
    /// The control to give the focus to once the photos are drawn again after an action: the
    /// photos are redrawn in place, so the focused button would otherwise stay in its slot and
    /// belong to the next photo (a second Enter would move or delete that one).
    pub(super) refocus: StoredValue<Option<String>>,
    /// The same for the sets, which are drawn in their own part.
    pub(super) set_focus: StoredValue<Option<String>>,
    /// What follows an action on the ticked photos that succeeded, given the photos that action
    /// was sent for (set by the Photos tab: untick them, and so on).
    pub(super) after_ticked: AfterTicked,
}

/// What follows an action on the ticked photos that succeeded, with the photos it was sent for.
pub(super) type AfterTicked = StoredValue<Option<Callback<(Bulk, Vec<ImageId>)>>>;

/// What was done with the ticked photos.
#[derive(Clone, Copy)]
pub(super) enum Bulk {
    Move,
    Place,
    Delete,
}

/// An action on the ticked photos: each answer that succeeds runs `after` with the photos its
/// own request named. (A server action keeps its last answer only: two answers arriving out of
/// order, or in one tick, could not be told apart.)
fn ticked<S>(bulk: Bulk, after: AfterTicked, images: fn(&S) -> Vec<ImageId>) -> Action<S, Result<(), AppError>>
where
    S: ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    Action::new(move |input: &S| {
        let sent = images(input);
        let answer = S::run_on_client(input.clone());
        async move {
            let answer = answer.await;
            if answer.is_ok()
                && let Some(after) = after.try_get_value().flatten()
            {
                after.try_run((bulk, sent));
            }
            answer
        }
    })
}

impl Actions {
    pub(super) fn new() -> Self {
        let after_ticked = StoredValue::new(None);
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
            move_ticked: ticked(Bulk::Move, after_ticked, |input: &MoveImages| input.images.clone()),
            delete_ticked: ticked(Bulk::Delete, after_ticked, |input: &DeleteImages| input.images.clone()),
            shift_image: ServerAction::new(),
            arrange: ServerAction::new(),
            sort: ServerAction::new(),
            place: ticked(Bulk::Place, after_ticked, |input: &PlaceImages| input.images.clone()),
            delete_images: ServerAction::new(),
            restore_images: ServerAction::new(),
            restore_all: ServerAction::new(),
            add_to_delivery: ServerAction::new(),
            delete_gallery: ServerAction::new(),
            reload: RwSignal::new(0),
            set_names: Drafts::default(),
            just_deleted: RwSignal::new(Vec::new()),
            refocus: StoredValue::new(None),
            set_focus: StoredValue::new(None),
            after_ticked,
        }
    }

    /// Changes when the details or the sets were saved.
    pub(super) fn details_version(&self) -> usize {
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
    pub(super) fn photos_version(&self) -> usize {
        self.sets_version()
            + self.cover.version().get()
            + self.move_images.version().get()
            + self.move_ticked.version().get()
            + self.delete_ticked.version().get()
            + self.shift_image.version().get()
            + self.arrange.version().get()
            + self.sort.version().get()
            + self.place.version().get()
            + self.delete_images.version().get()
            + self.restore_images.version().get()
            + self.restore_all.version().get()
            + self.reload.get() as usize
    }
}

/// A live region outside the parts the actions draw anew, saying what an action did that the
/// page does not show by itself (a saved form looks as it did; a renamed set's field already
/// held its name).
pub(super) fn announcer(actions: Actions) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let say = move |version: Memo<usize>, done: Signal<bool>, text: &'static str| {
        Effect::watch(
            move || version.get(),
            move |_, _, _| {
                if done.get_untracked() {
                    said.set(text.to_owned())
                }
            },
            false,
        );
    };
    macro_rules! watch {
        ($action:ident, $text:literal) => {
            say(
                Memo::new(move |_| actions.$action.version().get()),
                Signal::derive(move || matches!(actions.$action.value().get(), Some(Ok(_)))),
                $text,
            )
        };
    }
    watch!(update, "Details saved.");
    watch!(password, "Gallery password saved.");
    watch!(rename_set, "Set renamed.");
    watch!(shift_set, "Set moved.");
    watch!(create_set, "Set added.");
    watch!(delete_set, "Set deleted.");
    watch!(cover, "Cover chosen.");
    watch!(shift_image, "Photo moved.");
    watch!(move_images, "Moved to the set.");
    watch!(move_ticked, "Moved to the set.");
    watch!(restore_images, "Brought back.");
    watch!(restore_all, "Every deleted photo is back.");
    view! { <p class="visually-hidden" role="status">{move || said.get()}</p> }
}

/// Polls: one poll every 1.5 s for at most an hour.
const POLL_EVERY: Duration = Duration::from_millis(1500);
const MAX_POLLS: u32 = 2400;

/// While photos on the page are processing, asks for their states (a small request) and redraws the grid
/// only when one of them finished.
pub(super) fn poll_processing(
    photos: Resource<Result<EditorPhotos, AppError>, crate::resource::Json>,
    actions: Actions,
) {
    let polls = RwSignal::new(0u32);
    Effect::new(move |_| {
        let count = polls.get();
        let Some(Ok(page)) = photos.get() else { return };
        let waiting: Vec<ImageId> =
            page.images.iter().filter(|i| i.card.status == ImageStatus::Processing).map(|i| i.card.id).collect();
        if waiting.is_empty() || count >= MAX_POLLS {
            return;
        }
        let gallery = page.gallery;
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let finished = image_statuses(gallery, waiting.clone()).await.is_ok_and(|states| {
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
