//! A gallery's shop settings (the editor's Store tab): store mode on or off, and the price sheet
//! it sells from. Store mode never touches the gallery's stored switches — the policy turns
//! proofing, free downloads, the password and the PIN off while it is on — so turning it off
//! gives back exactly what was there before.

use super::price_sheets;
use crate::ctx::Ctx;
use crate::entities::{gallery, price_sheet};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::{load_owned, settings_of};
use chrono::Utc;
use domain::ids::{GalleryId, PriceSheetId, StudioId};
use domain::store::views::GalleryStoreView;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// What the Store tab shows.
pub async fn view(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<GalleryStoreView> {
    let g = load_owned(ctx, studio, id).await?;
    let sheets = price_sheet::Entity::find()
        .filter(price_sheet::Column::StudioId.eq(studio.0))
        .order_by_asc(price_sheet::Column::CreatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (PriceSheetId(s.id), format!("{} · {}", s.name, s.currency)))
        .collect();
    Ok(GalleryStoreView {
        gallery: id,
        store_mode: g.store_mode,
        price_sheet: g.price_sheet_id.map(PriceSheetId),
        sheets,
        watermark_previews: settings_of(&g).watermark_previews,
        card_payments: ctx.config.stripe.is_some(),
    })
}

/// Turns store mode on (selling from `sheet`, which must hold at least one licence) or off.
/// Turning it on burns the watermark into every photo's previews in the background.
pub async fn set_store_mode(
    ctx: &Ctx,
    studio: StudioId,
    id: GalleryId,
    on: bool,
    sheet: Option<PriceSheetId>,
) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, id).await?;
    let sheet = match sheet {
        Some(sheet) => Some(price_sheets::load_owned(ctx, studio, sheet).await?),
        None => None,
    };
    if on {
        let Some(sheet) = &sheet else {
            return Err(domain::validation::FieldError::new(
                "price_sheet",
                "Choose the price sheet this gallery sells from (make one under Price sheets first).",
            )
            .into());
        };
        if price_sheets::products_of(ctx, sheet.id).await?.is_empty() {
            return Err(ServiceError::Conflict(format!(
                "“{}” has no licences yet. Add at least one under Price sheets, then turn store mode on.",
                sheet.name
            )));
        }
    }
    let was_watermarking = crate::store::watermark::gallery_watermarks(&g);
    let txn = crate::db::begin(&ctx.db).await?;
    let mut row: gallery::ActiveModel = g.into();
    row.store_mode = Set(on);
    if let Some(sheet) = &sheet {
        row.price_sheet_id = Set(Some(sheet.id));
    }
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    if !was_watermarking && crate::store::watermark::gallery_watermarks(&saved) {
        crate::store::watermark::enqueue_gallery(&txn, saved.id).await?;
    }
    txn.commit().await?;
    Ok(())
}
