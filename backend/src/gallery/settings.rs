//! The photographer's settings panel: switches, sizes, rights, quota, email tracking, the
//! download PIN and each set's "allow downloads".

use crate::ctx::Ctx;
use crate::downloads::files::MakeDownloadSizes;
use crate::downloads::files::custom_sizes;
use crate::entities::{gallery, image, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use crate::jobs::queue;
use chrono::Utc;
use domain::ids::{GalleryId, SetId, StudioId};
use domain::settings::{GallerySettings, download_pin};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Saves the settings panel. Custom sizes and the quota are checked; the quota's count of images
/// already downloaded stays, so lowering the quota never gives back what was used. Watermarked
/// previews are the Store tab's switch ([`set_watermark_previews`]): the panel does not show it,
/// so the value it was opened with is not put back. With `base` (what the panel last saved or
/// was opened with), only the settings changed since are written: a panel left open in another
/// window does not put back what this one changed.
pub async fn save(
    ctx: &Ctx,
    studio: StudioId,
    id: GalleryId,
    settings: GallerySettings,
    base: Option<GallerySettings>,
) -> ServiceResult<()> {
    store(ctx, studio, id, |stored| {
        let settings = match base {
            Some(base) => changed_over(stored, &base, &settings)?,
            None => settings,
        };
        Ok(GallerySettings { watermark_previews: stored.watermark_previews, ..settings })
    })
    .await
}

/// `stored` with every setting that differs between `base` and `wanted` taken from `wanted`,
/// setting by setting (a switch, a size, a right; a list such as the sets open to downloads as
/// one).
fn changed_over(
    stored: &GallerySettings,
    base: &GallerySettings,
    wanted: &GallerySettings,
) -> ServiceResult<GallerySettings> {
    use serde_json::Value;
    fn merge(stored: &mut Value, base: &Value, wanted: &Value) {
        match (stored, base, wanted) {
            (Value::Object(stored), Value::Object(base), Value::Object(wanted)) => {
                for (key, value) in wanted {
                    match (stored.get_mut(key), base.get(key)) {
                        (Some(here), Some(was)) => merge(here, was, value),
                        (None, _) | (_, None) => {
                            stored.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            (stored, base, wanted) => {
                if base != wanted {
                    *stored = wanted.clone();
                }
            }
        }
    }
    let json = |s: &GallerySettings| serde_json::to_value(s).map_err(|e| ServiceError::Internal(e.into()));
    let mut merged = json(stored)?;
    merge(&mut merged, &json(base)?, &json(wanted)?);
    serde_json::from_value(merged).map_err(|e| ServiceError::Internal(e.into()))
}

/// Watermarks visitors' previews outside store mode, or stops: only that setting changes, so a
/// Store tab opened before the permissions were changed elsewhere does not put them back.
pub async fn set_watermark_previews(ctx: &Ctx, studio: StudioId, id: GalleryId, on: bool) -> ServiceResult<()> {
    store(ctx, studio, id, |stored| Ok(GallerySettings { watermark_previews: on, ..*stored })).await
}

/// Writes the settings `decide` makes of the stored ones, and starts what they ask for:
/// watermarks to burn, sizes to make. The gallery's row is written first, so it is held until
/// the end (on PostgreSQL; SQLite's transaction holds the whole database): two saves at once
/// (the Store tab's switch while the permissions autosave) each decide over what the other
/// wrote, and neither is lost.
async fn store(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    decide: impl FnOnce(&GallerySettings) -> ServiceResult<GallerySettings>,
) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    crate::db::hold_rows::<gallery::Entity>(
        &txn,
        gallery::Column::Id,
        Condition::all().add(gallery::Column::Id.eq(gallery.0)),
    )
    .await?;
    let current = gallery::Entity::find_by_id(gallery.0).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let stored = crate::gallery::records::settings_of(&current);
    let settings = decide(&stored)?.validated()?;
    let json = serde_json::to_string(&settings).map_err(|e| ServiceError::Internal(e.into()))?;
    let id = current.id;
    let before = custom_sizes(&stored);
    let was_watermarking = crate::store::watermark::gallery_watermarks(&current);
    let mut row: gallery::ActiveModel = current.into();
    row.settings = Set(Some(json));
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    // Watermarked previews asked for: burned in the background for every photo.
    if !was_watermarking && crate::store::watermark::gallery_watermarks(&saved) {
        crate::store::watermark::enqueue_gallery(&txn, saved.id).await?;
    }
    // New custom sizes are made in the background for every photo, so downloads never wait.
    let after = custom_sizes(&settings);
    if after.iter().any(|size| !before.contains(size)) {
        let now_ms = Utc::now().timestamp_millis();
        // Read on the transaction (it holds SQLite's write lock): no second connection is taken
        // from the pool meanwhile.
        let photos: Vec<Uuid> = image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .filter(image::Column::GalleryId.eq(id))
            .filter(image::Column::DeletedAt.is_null())
            .order_by_asc(image::Column::Position)
            .into_tuple()
            .all(&txn)
            .await?;
        for image_id in photos {
            queue::enqueue(&txn, &MakeDownloadSizes { image_id }, now_ms).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Sets the download PIN (a fresh 4-digit one when `pin` is empty) and returns it: the only time
/// it is shown. Every PIN given before stops counting.
pub async fn set_pin(ctx: &Ctx, studio: StudioId, id: GalleryId, pin: &str) -> ServiceResult<String> {
    let current = load_owned(ctx, studio, id).await?;
    let pin =
        if pin.trim().is_empty() { format!("{:04}", rand::rng().random_range(0..10_000)) } else { download_pin(pin)? };
    let hash = crate::visitor::secrets::hash(ctx, pin.clone()).await?;
    store_pin(ctx, current, Some(hash)).await?;
    Ok(pin)
}

/// Removes the download PIN.
pub async fn remove_pin(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    store_pin(ctx, current, None).await
}

async fn store_pin(ctx: &Ctx, current: gallery::Model, hash: Option<String>) -> ServiceResult<()> {
    let id = current.id;
    // From what the row holds when written (see `set_password`).
    gallery::Entity::update_many()
        .col_expr(gallery::Column::PinHash, Expr::value(hash))
        .col_expr(gallery::Column::PinEpoch, Expr::col(gallery::Column::PinEpoch).add(1))
        .col_expr(gallery::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(gallery::Column::Id.eq(id))
        .exec(&ctx.db)
        .await?;
    // A new PIN starts afresh: a lock from guesses at the old one would only shut clients out.
    for kind in [crate::visitor::secrets::AttemptKind::Pin, crate::visitor::secrets::AttemptKind::PinGallery] {
        crate::visitor::secrets::forget(ctx, kind, &id.to_string()).await?;
    }
    Ok(())
}

/// Turns a set's "allow downloads" on or off (any set on puts the gallery in set download mode).
pub async fn set_allow_downloads(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    set_id: SetId,
    allow: bool,
) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let updated = set::Entity::update_many()
        .col_expr(set::Column::AllowDownloads, sea_orm::sea_query::Expr::value(allow))
        .filter(set::Column::Id.eq(set_id.0))
        .filter(set::Column::GalleryId.eq(gallery.0))
        .exec(&ctx.db)
        .await?;
    if updated.rows_affected == 0 { Err(ServiceError::NotFound) } else { Ok(()) }
}
