//! A card payment that arrives for an order no longer awaiting it (cancelled or refunded while
//! the buyer's payment page was still open): Stripe took the money, and nothing here grants
//! anything for it. The photographer is told at once, by mail, with what to refund; a payment
//! must never be kept silently.

use crate::ctx::Ctx;
use crate::entities::{gallery, order, outbox, studio};
use crate::error::ServiceResult;
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail};
use chrono::{DateTime, Utc};
use domain::store::{Currency, OrderStatus, format_price};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Called with the order as it now is, when a paid Checkout Session could not mark it paid:
/// queues the notice to the order's studio (a mail that cannot be switched off: it is about
/// money) unless the payment is already the order's own — paid by this very session (the event
/// delivered again, the order perhaps refunded since) — or the notice was already queued (Stripe
/// delivers an event more than once).
pub async fn tell_photographer(
    ctx: &Ctx,
    found: &order::Model,
    session: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let status = OrderStatus::parse(&found.status).unwrap_or(OrderStatus::Cancelled);
    let its_own = found.paid_at.is_some() && found.provider_ref.as_deref() == Some(session);
    if its_own || status == OrderStatus::AwaitingPayment {
        return Ok(());
    }
    let Some(owner) = studio::Entity::find_by_id(found.studio_id).one(&ctx.db).await? else { return Ok(()) };
    let subject = format!("A card payment came for order {} after it was closed", found.number);
    let already = outbox::Entity::find()
        .filter(outbox::Column::ToAddress.eq(owner.email.clone()))
        .filter(outbox::Column::Subject.eq(subject.clone()))
        .count(&ctx.db)
        .await?;
    if already > 0 {
        return Ok(());
    }
    tracing::error!(order = %found.id, %session, status = %found.status, "a card payment came for an order no longer awaiting payment");
    let title = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.map(|g| g.title).unwrap_or_default();
    let price = Currency::from_code(&found.currency)
        .map_or_else(|| format!("{} {}", found.total_minor, found.currency), |c| format_price(found.total_minor, c));
    let origin = &ctx.config.public_origin;
    let letter = Letter {
        brand: Brand::to_studio(&owner),
        greeting: format!("Hello {},", owner.name),
        paragraphs: vec![
            format!(
                "{} ({}) just paid {price} by card for order {} in “{title}”, which was already {}. Nothing was unlocked for this payment.",
                found.buyer_name,
                found.buyer_email,
                found.number,
                status.label().to_lowercase()
            ),
            format!(
                "Refund it in your Stripe dashboard (Checkout Session {session}), or, if the buyer should have the photos after all, tell them and sell them again from the gallery."
            ),
        ],
        sections: Vec::new(),
        action: Some((
            "Open the orders".to_owned(),
            format!("{origin}/studio/galleries/{}?tab=orders", found.gallery_id),
        )),
        footer: Vec::new(),
        unsubscribe: None,
    };
    let message = OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject,
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: None,
        unsubscribe: None,
        gallery: None,
    };
    let txn = crate::db::begin(&ctx.db).await?;
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}
