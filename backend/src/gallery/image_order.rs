//! The photographer's order of a gallery's photos: a step left or right, photos dropped among
//! others, "put at place n", a sort. Each change reads the order and writes it in one
//! transaction that first writes the gallery row, so two changes at once (two tabs, a key
//! pressed three times quickly) run one after the other, each from the order the other left,
//! on SQLite and PostgreSQL alike.

use super::images::{MAX_TICKED, gone_sentence, too_many_ticked};
use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::Utc;
use domain::editor_photos::PhotoFilter;
use domain::gallery_page::SetKey;
use domain::ids::{GalleryId, ImageId, StudioId};
use domain::photo_order::{PhotoSort, SortKey};
use sea_orm::sea_query::{CaseStatement, Expr};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What ordering reads of a photo (not the whole row: a 10,000-photo gallery is read at every
/// step).
#[derive(Debug, Clone, FromQueryResult)]
struct Placed {
    id: Uuid,
    set_id: Option<Uuid>,
    position: i32,
    deleted_at: Option<chrono::DateTime<Utc>>,
    file_name: String,
    captured_at: Option<chrono::NaiveDateTime>,
    created_at: chrono::DateTime<Utc>,
}

/// A gallery's order, read under its lock.
struct Order {
    txn: DatabaseTransaction,
    /// Every photo, deleted ones too, in their order.
    all: Vec<Placed>,
}

impl Order {
    /// Takes the gallery's lock (its row written first) and reads its photos' order.
    async fn lock(ctx: &Ctx, gallery: GalleryId) -> ServiceResult<Self> {
        let txn = crate::db::begin(&ctx.db).await?;
        gallery::Entity::update_many()
            .col_expr(gallery::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(gallery::Column::Id.eq(gallery.0))
            .exec(&txn)
            .await?;
        let all = image::Entity::find()
            .select_only()
            .columns([
                image::Column::Id,
                image::Column::SetId,
                image::Column::Position,
                image::Column::DeletedAt,
                image::Column::FileName,
                image::Column::CapturedAt,
                image::Column::CreatedAt,
            ])
            .filter(image::Column::GalleryId.eq(gallery.0))
            .order_by_asc(image::Column::Position)
            .order_by_asc(image::Column::CreatedAt)
            .order_by_asc(image::Column::Id)
            .into_model::<Placed>()
            .all(&txn)
            .await?;
        Ok(Self { txn, all })
    }

    /// The live (not deleted) photos, in order.
    fn live(&self) -> impl Iterator<Item = &Placed> {
        self.all.iter().filter(|p| p.deleted_at.is_none())
    }

    /// Refused unless every id is a live photo of the gallery.
    fn check_live(&self, ids: &[ImageId]) -> ServiceResult<()> {
        let live: HashSet<Uuid> = self.live().map(|p| p.id).collect();
        match ids.iter().all(|id| live.contains(&id.0)) {
            true => Ok(()),
            false => Err(ServiceError::Conflict(gone_sentence(false).to_owned())),
        }
    }

    /// Numbers the photos 1, 2, 3… with the live ones in `live_order`, each deleted one kept
    /// right after the live photo it followed (so Undo puts it back beside the same neighbour,
    /// wherever that one has gone). Only the rows whose place changed are written, a few hundred
    /// in each statement; then commits.
    async fn write(self, live_order: &[Uuid]) -> ServiceResult<()> {
        let mut leading = Vec::new();
        let mut following: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let mut last_live = None;
        for p in &self.all {
            match (p.deleted_at.is_some(), last_live) {
                (false, _) => last_live = Some(p.id),
                (true, None) => leading.push(p.id),
                (true, Some(live)) => following.entry(live).or_default().push(p.id),
            }
        }
        let mut full = leading;
        for id in live_order {
            full.push(*id);
            full.extend(following.remove(id).unwrap_or_default());
        }
        let was: HashMap<Uuid, i32> = self.all.iter().map(|p| (p.id, p.position)).collect();
        let changed: Vec<(Uuid, i32)> =
            full.into_iter().zip(1..).filter(|(id, position)| was.get(id) != Some(position)).collect();
        for chunk in changed.chunks(300) {
            let mut case = CaseStatement::new();
            for (id, position) in chunk {
                case = case.case(image::Column::Id.eq(*id), *position);
            }
            image::Entity::update_many()
                .col_expr(image::Column::Position, case.finally(Expr::col(image::Column::Position)).into())
                .filter(image::Column::Id.is_in(chunk.iter().map(|(id, _)| *id)))
                .exec(&self.txn)
                .await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}

/// Moves an image `offset` places in the gallery's order.
pub async fn shift(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: ImageId, offset: i32) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let order = Order::lock(ctx, gallery).await?;
    order.check_live(&[id])?;
    let live: Vec<&Placed> = order.live().collect();
    let own_set = live.iter().find(|p| p.id == id.0).and_then(|p| p.set_id);
    // Visitors see images set by set, so "earlier" means earlier among the image's own set; the
    // other images keep their places in the gallery-wide order.
    let mut within: Vec<Uuid> = live.iter().filter(|p| p.set_id == own_set).map(|p| p.id).collect();
    if !crate::gallery::ordering::shift(&mut within, id.0, offset) {
        return Ok(());
    }
    let mut next_in_set = within.into_iter();
    let new: Vec<Uuid> =
        live.iter().map(|p| if p.set_id == own_set { next_in_set.next().unwrap_or(p.id) } else { p.id }).collect();
    order.write(&new).await
}

/// Puts `ids` in this order, in the places they hold among the gallery's photos (the others
/// keep theirs): a batch of uploads that finished in any order lands in file order; photos
/// dropped among others on a page take their new places. A photo deleted meanwhile (in another
/// window, while a batch was uploading) is left out, and the others still take their order.
pub async fn arrange(ctx: &Ctx, studio: StudioId, gallery: GalleryId, ids: &[ImageId]) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    if ids.len() > MAX_TICKED {
        return Err(too_many_ticked());
    }
    let order = Order::lock(ctx, gallery).await?;
    let known: HashSet<Uuid> = order.all.iter().map(|p| p.id).collect();
    if !ids.iter().all(|id| known.contains(&id.0)) {
        return Err(ServiceError::Conflict(gone_sentence(false).to_owned()));
    }
    let live: HashSet<Uuid> = order.live().map(|p| p.id).collect();
    let mut seen = HashSet::new();
    let wanted: Vec<Uuid> = ids.iter().map(|i| i.0).filter(|id| live.contains(id) && seen.insert(*id)).collect();
    let mut next = wanted.iter().copied();
    let new: Vec<Uuid> =
        order.live().map(|p| if seen.contains(&p.id) { next.next().unwrap_or(p.id) } else { p.id }).collect();
    order.write(&new).await
}

/// Puts `ids` at place `position` (1-based) of the editor's view `filter` (all photos, one set,
/// or the unassigned ones), from whichever pages they were ticked on:
/// `domain::photo_order::place`. In a set's view (or the unassigned ones'), photos ticked in
/// another set join the one on show: that is where the photographer asked to see them.
pub async fn place(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    ids: &[ImageId],
    filter: PhotoFilter,
    position: u32,
) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    if ids.len() > MAX_TICKED {
        return Err(too_many_ticked());
    }
    if let PhotoFilter::Only(SetKey::Set(set)) = filter {
        super::images::check_set(ctx, gallery, set).await?;
    }
    let mut order = Order::lock(ctx, gallery).await?;
    order.check_live(ids)?;
    let moving: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let joining = match filter {
        PhotoFilter::All => None,
        PhotoFilter::Only(SetKey::Set(set)) => Some(Some(set.0)),
        PhotoFilter::Only(SetKey::Unassigned) => Some(None),
    };
    if let Some(set) = joining {
        image::Entity::update_many()
            .col_expr(image::Column::SetId, Expr::value(set))
            .filter(image::Column::GalleryId.eq(gallery.0))
            .filter(image::Column::Id.is_in(moving.iter().copied()))
            .exec(&order.txn)
            .await?;
        let moving: HashSet<Uuid> = moving.iter().copied().collect();
        for photo in order.all.iter_mut().filter(|p| moving.contains(&p.id)) {
            photo.set_id = set;
        }
    }
    let sets: HashMap<Uuid, Option<Uuid>> = order.live().map(|p| (p.id, p.set_id)).collect();
    let in_view = |id: Uuid| match joining {
        None => true,
        Some(set) => sets.get(&id).is_some_and(|own| *own == set),
    };
    let current: Vec<Uuid> = order.live().map(|p| p.id).collect();
    let new = domain::photo_order::place(&current, in_view, &moving, position as usize);
    order.write(&new).await
}

/// Orders the whole gallery by `by` (visitors still see it set by set, so each set is sorted).
pub async fn sort(ctx: &Ctx, studio: StudioId, gallery: GalleryId, by: PhotoSort) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let order = Order::lock(ctx, gallery).await?;
    fn key(p: &Placed) -> SortKey<'_> {
        SortKey { file_name: p.file_name.as_str(), captured_at: p.captured_at, uploaded_at: p.created_at }
    }
    let mut sorted: Vec<&Placed> = order.live().collect();
    sorted.sort_by(|a, b| by.compare(&key(a), &key(b)));
    let new: Vec<Uuid> = sorted.into_iter().map(|p| p.id).collect();
    order.write(&new).await
}
