//! The photographer's changes to an order from the Orders tab: mark paid, cancel, refund. A card
//! order's Stripe payment page is closed before it is cancelled (`stripe::expire`), then the
//! status moves as every change does (`order_status`).

use super::order_records::status_of;
use super::order_status::transition;
use crate::ctx::Ctx;
use crate::entities::order;
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use chrono::{DateTime, Utc};
use domain::ids::{GalleryId, OrderId, StudioId};
use domain::store::{OrderChange, OrderStatus};
use sea_orm::EntityTrait;

/// The photographer marks an order paid, cancels or refunds it. A change that no longer applies
/// (someone else changed it first) is refused with the order's current state.
pub async fn change(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    id: OrderId,
    change: OrderChange,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let g = load_owned(ctx, studio, gallery).await?;
    let found = order::Entity::find_by_id(id.0)
        .one(&ctx.db)
        .await?
        .filter(|o| o.gallery_id == g.id)
        .ok_or(ServiceError::NotFound)?;
    let from = status_of(&found);
    let Some(to) = from.after(change) else {
        return Err(ServiceError::Conflict(format!(
            "Order {} is {}: it cannot be changed that way now.",
            found.number,
            from.label().to_lowercase()
        )));
    };
    // A card payment still open at Stripe is closed first: otherwise the buyer could pay an
    // order that no longer exists for us, or pay by card one the photographer marked paid
    // (a bank transfer) — twice for the same photos.
    if matches!(to, OrderStatus::Cancelled | OrderStatus::Paid) {
        super::stripe::expire(ctx, &found).await?;
    }
    if !transition(ctx, found.id, from, to, None, now).await? {
        return Err(ServiceError::Conflict(format!("Order {} was changed meanwhile. Reload to see it.", found.number)));
    }
    Ok(())
}
