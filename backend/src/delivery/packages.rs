//! The photographer's delivery sets: made, renamed, resized, ended, filled with any of the
//! gallery's photos, put in order, deleted. Every operation starts from a gallery the studio owns
//! and a package of that gallery; anything else is "not found".

use super::records::{image_ids, load_package, sizes_of};
use crate::ctx::Ctx;
use crate::entities::{delivery_image, delivery_link, delivery_set, download, image};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use crate::gallery::records::load_owned;
use crate::studio::days;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::delivery::{DeliveryForm, DeliveryImage, DeliverySetView, delivery_name, delivery_sizes};
use domain::ids::{DeliverySetId, GalleryId, ImageId, StudioId};
use domain::rendition::RenditionSize;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The most photos one package holds (a whole wedding fits many times over).
pub const MAX_IMAGES: usize = 5_000;

/// The form's values, checked: name, sizes, last day (today or later, unless it is the one
/// already stored: an ended package can still be renamed).
fn checked(
    form: DeliveryForm,
    stored_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    zone: Tz,
) -> ServiceResult<(String, String, Option<DateTime<Utc>>)> {
    let name = delivery_name(&form.name)?;
    let sizes = delivery_sizes(form.sizes)?;
    let ends_at = days::keep_or_end(zone, form.ends_on, stored_end, now);
    if ends_at.is_some_and(|end| end <= now) && ends_at != stored_end {
        return Err(
            domain::validation::FieldError::new("ends_on", "Choose a last day from today on, or no last day.").into()
        );
    }
    let sizes = serde_json::to_string(&sizes).map_err(|e| ServiceError::Internal(e.into()))?;
    Ok((name, sizes, ends_at))
}

/// Makes an empty package.
pub async fn create(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    form: DeliveryForm,
) -> ServiceResult<DeliverySetId> {
    load_owned(ctx, studio, gallery).await?;
    let now = Utc::now();
    let (name, sizes, ends_at) = checked(form, None, now, days::zone_of(&ctx.db, studio.0).await?)?;
    let id = Uuid::now_v7();
    delivery_set::ActiveModel {
        id: Set(id),
        gallery_id: Set(gallery.0),
        name: Set(name),
        sizes: Set(sizes),
        ends_at: Set(ends_at),
        created_at: Set(now),
        deleted_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(DeliverySetId(id))
}

/// Changes a package's name, sizes and last day (open pages follow from their next request).
pub async fn update(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: DeliverySetId,
    form: DeliveryForm,
) -> ServiceResult<()> {
    let found = load_package(ctx, studio, gallery, id).await?;
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let (name, sizes, ends_at) = checked(form, found.ends_at, Utc::now(), zone)?;
    let mut row: delivery_set::ActiveModel = found.into();
    row.name = Set(name);
    row.sizes = Set(sizes);
    row.ends_at = Set(ends_at);
    row.update(&ctx.db).await?;
    Ok(())
}

/// Deletes a package: its links lead nowhere from their next request on (answered "not found",
/// never counted as guesses); the downloads log keeps their names; the photos stay in the gallery.
pub async fn delete(ctx: &Ctx, studio: StudioId, gallery: GalleryId, id: DeliverySetId) -> ServiceResult<()> {
    let found = load_package(ctx, studio, gallery, id).await?;
    let mut row: delivery_set::ActiveModel = found.into();
    row.deleted_at = Set(Some(Utc::now()));
    row.update(&ctx.db).await?;
    let links: Vec<Uuid> = delivery_link::Entity::find()
        .select_only()
        .column(delivery_link::Column::Id)
        .filter(delivery_link::Column::DeliverySetId.eq(id.0))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    crate::archive::requester::end_for_delivery_links(ctx, gallery.0, &links).await
}

/// Adds photos of the gallery at the end of the package, in the order given; photos already in
/// it stay where they are. A photo of another gallery, or a deleted one, is "not found".
pub async fn add(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: DeliverySetId,
    images: &[ImageId],
) -> ServiceResult<()> {
    load_package(ctx, studio, gallery, id).await?;
    let too_many = || {
        ServiceError::Forbidden(format!(
            "A delivery holds up to {MAX_IMAGES} photos. Make a second delivery for the rest."
        ))
    };
    if images.len() > MAX_IMAGES {
        return Err(too_many());
    }
    let mut seen = HashSet::new();
    let wanted: Vec<Uuid> = images.iter().map(|i| i.0).filter(|i| seen.insert(*i)).collect();
    let found = live_among(&ctx.db, gallery, wanted.iter().copied()).await?;
    if wanted.iter().any(|w| !found.contains(w)) {
        return Err(ServiceError::NotFound);
    }
    let txn = crate::db::begin(&ctx.db).await?;
    // The package's row is written first and so held to the end (on PostgreSQL; SQLite's
    // transaction holds the whole database): two adds at once count and place one after the
    // other, never both under the limit and at the same places.
    crate::db::hold_rows::<delivery_set::Entity>(
        &txn,
        delivery_set::Column::Id,
        Condition::all().add(delivery_set::Column::Id.eq(id.0)),
    )
    .await?;
    let held: Vec<delivery_image::Model> =
        delivery_image::Entity::find().filter(delivery_image::Column::DeliverySetId.eq(id.0)).all(&txn).await?;
    let already: HashSet<Uuid> = held.iter().map(|row| row.image_id).collect();
    let new: Vec<Uuid> = wanted.into_iter().filter(|image| !already.contains(image)).collect();
    if held.len() + new.len() > MAX_IMAGES {
        return Err(too_many());
    }
    if !new.is_empty() {
        // After the last place in use (removals leave gaps), so added photos always come last.
        let first = held.iter().map(|row| row.position + 1).max().unwrap_or(0);
        let rows = new.into_iter().enumerate().map(|(n, image)| delivery_image::ActiveModel {
            delivery_set_id: Set(id.0),
            image_id: Set(image),
            position: Set(first + n as i32),
        });
        // Two adds of the same photo at once: the second finds it there.
        delivery_image::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([delivery_image::Column::DeliverySetId, delivery_image::Column::ImageId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Takes photos out of the package (they stay in the gallery).
pub async fn remove(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: DeliverySetId,
    images: &[ImageId],
) -> ServiceResult<()> {
    load_package(ctx, studio, gallery, id).await?;
    delivery_image::Entity::delete_many()
        .filter(delivery_image::Column::DeliverySetId.eq(id.0))
        .filter(delivery_image::Column::ImageId.is_in(images.iter().map(|i| i.0)))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Puts the package in the order given: `images` must be exactly the package's photos that are
/// still in the gallery (photos deleted from it keep their rows, after these, until restored).
/// Only rows whose place changed are written.
pub async fn arrange(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: DeliverySetId,
    images: &[ImageId],
) -> ServiceResult<()> {
    load_package(ctx, studio, gallery, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    let held: Vec<delivery_image::Model> = delivery_image::Entity::find()
        .filter(delivery_image::Column::DeliverySetId.eq(id.0))
        .order_by_asc(delivery_image::Column::Position)
        .order_by_asc(delivery_image::Column::ImageId)
        .all(&txn)
        .await?;
    let live = live_among(&txn, gallery, held.iter().map(|row| row.image_id)).await?;
    let given: Vec<Uuid> = images.iter().map(|i| i.0).collect();
    let mut expected: Vec<Uuid> = held.iter().map(|row| row.image_id).filter(|i| live.contains(i)).collect();
    let mut sorted = given.clone();
    expected.sort_unstable();
    sorted.sort_unstable();
    if expected != sorted {
        return Err(ServiceError::Conflict(
            "The delivery changed while you were arranging it. Reload the page and try again.".to_owned(),
        ));
    }
    let order = given.into_iter().chain(held.iter().map(|row| row.image_id).filter(|i| !live.contains(i)));
    let current: HashMap<Uuid, i32> = held.iter().map(|row| (row.image_id, row.position)).collect();
    for (position, image) in order.enumerate() {
        let position = position as i32;
        if current.get(&image) == Some(&position) {
            continue;
        }
        delivery_image::Entity::update_many()
            .col_expr(delivery_image::Column::Position, Expr::value(position))
            .filter(delivery_image::Column::DeliverySetId.eq(id.0))
            .filter(delivery_image::Column::ImageId.eq(image))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Every package of the gallery, oldest first, with its photos, links and downloads.
pub async fn list(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<DeliverySetView>> {
    load_owned(ctx, studio, gallery).await?;
    let now = Utc::now();
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let packages = delivery_set::Entity::find()
        .filter(delivery_set::Column::GalleryId.eq(gallery.0))
        .filter(delivery_set::Column::DeletedAt.is_null())
        .order_by_asc(delivery_set::Column::CreatedAt)
        .order_by_asc(delivery_set::Column::Id)
        .all(&ctx.db)
        .await?;
    // Revoked links too: what they downloaded and when they were opened still count.
    let links = delivery_link::Entity::find()
        .filter(delivery_link::Column::GalleryId.eq(gallery.0))
        .order_by_desc(delivery_link::Column::CreatedAt)
        .order_by_desc(delivery_link::Column::Id)
        .all(&ctx.db)
        .await?;
    let files = files_per_link(ctx, gallery, &links).await?;
    let images: HashMap<Uuid, image::Model> = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_null())
        .filter(
            image::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(delivery_image::Column::ImageId)
                    .from(delivery_image::Entity)
                    .and_where(delivery_image::Column::DeliverySetId.is_in(packages.iter().map(|p| p.id)))
                    .to_owned(),
            ),
        )
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut views = Vec::with_capacity(packages.len());
    for package in packages {
        let ids = image_ids(ctx, package.id).await?;
        let shown = ids
            .iter()
            .filter_map(|id| images.get(id))
            .map(|found| {
                let card = card_of(found);
                delivery_image(found, card.rendition_url(RenditionSize::Grid480))
            })
            .collect();
        let own: Vec<_> = links.iter().filter(|l| l.delivery_set_id == package.id).collect();
        views.push(DeliverySetView {
            id: DeliverySetId(package.id),
            name: package.name.clone(),
            sizes: sizes_of(&package),
            last_day: package.ends_at.map(|end| days::last_day(zone, end)),
            ended: package.ends_at.is_some_and(|end| end <= now),
            images: shown,
            files: own.iter().map(|l| files.get(&l.id).copied().unwrap_or(0)).sum(),
            last_opened_at: own.iter().filter_map(|l| l.last_opened_at).max(),
            links: own
                .into_iter()
                .filter(|l| l.revoked_at.is_none())
                .map(|l| super::links::view(l.clone(), files.get(&l.id).copied().unwrap_or(0), now, zone))
                .collect(),
        });
    }
    Ok(views)
}

/// One photo of a package, its preview served at `thumb_url`.
pub fn delivery_image(found: &image::Model, thumb_url: String) -> DeliveryImage {
    let (width, height) = found.upright_dims();
    DeliveryImage {
        id: ImageId(found.id),
        file_name: found.file_name.clone(),
        width,
        height,
        bytes: found.byte_size.max(0) as u64,
        thumb_url,
        archived: !found.original_live,
    }
}

/// Which of `ids` are live (not deleted) photos of `gallery`.
async fn live_among<C: ConnectionTrait>(
    db: &C,
    gallery: GalleryId,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashSet<Uuid>> {
    Ok(image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_null())
        .filter(image::Column::Id.is_in(ids))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// How many files each link has downloaded: one grouped query.
async fn files_per_link(
    ctx: &Ctx,
    gallery: GalleryId,
    links: &[delivery_link::Model],
) -> ServiceResult<HashMap<Uuid, u64>> {
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<Uuid>, i64)> = download::Entity::find()
        .select_only()
        .column(download::Column::LinkId)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "files")
        .filter(download::Column::GalleryId.eq(gallery.0))
        .filter(download::Column::LinkId.is_in(links.iter().map(|l| l.id)))
        .group_by(download::Column::LinkId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(rows.into_iter().filter_map(|(link, n)| link.map(|l| (l, n.max(0) as u64))).collect())
}
