//! The photographer's changes to an order from the Orders tab: mark paid, cancel, refund. A card
//! order's Stripe payment page is closed before it is cancelled (`stripe::expire`), and its
//! payment refunded before it is marked refunded (`stripe::refund`), then the status moves as
//! every change does (`order_status`).

use super::order_records::status_of;
use super::order_status::{Reference, transition};
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
        super::payments::Provider::of_order(&found).close(ctx, &found).await?;
    }
    // A card payment is given back before the order says so.
    if to == OrderStatus::Refunded {
        super::payments::Provider::of_order(&found).refund(ctx, &found).await?;
    }
    // Only if no payment page was opened since it was read (the buyer checking out by card at
    // that moment): that page would stay open. Marked paid by hand, the order has no card
    // payment of its own: one that arrives later is a second payment (`late_payment`).
    let expected = found.provider_ref.as_deref();
    let reference = match to {
        OrderStatus::Paid => Reference::Unchanged { expected, after: None },
        _ => Reference::Unchanged { expected, after: expected },
    };
    if !transition(ctx, found.id, from, to, reference, now).await? {
        return Err(ServiceError::Conflict(format!("Order {} was changed meanwhile. Reload to see it.", found.number)));
    }
    Ok(())
}
