//! A card payment that arrives for an order no longer awaiting it (cancelled or refunded while
//! the buyer's payment page was still open): Stripe took the money, and nothing here grants
//! anything for it. The photographer is told at once, by mail, with what to refund; a payment
//! must never be kept silently.

use crate::ctx::Ctx;
use crate::entities::{gallery, order, studio};
use crate::error::ServiceResult;
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail};
use chrono::{DateTime, Utc};
use domain::store::{Currency, OrderStatus, format_price};
use sea_orm::{EntityTrait, TransactionTrait};

/// Queues the notice to the order's studio (this mail cannot be switched off: it is about money).
pub async fn tell_photographer(
    ctx: &Ctx,
    found: &order::Model,
    session: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let status = OrderStatus::parse(&found.status).unwrap_or(OrderStatus::Cancelled);
    tracing::error!(order = %found.id, %session, status = %found.status, "a card payment came for an order no longer awaiting payment");
    let Some(owner) = studio::Entity::find_by_id(found.studio_id).one(&ctx.db).await? else { return Ok(()) };
    let title = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.map(|g| g.title).unwrap_or_default();
    let price = Currency::from_code(&found.currency)
        .map_or_else(|| format!("{} {}", found.total_minor, found.currency), |c| format_price(found.total_minor, c));
    let origin = &ctx.config.public_origin;
    let letter = Letter {
        brand: Brand { name: "Proofroom".to_owned(), accent: owner.accent_color.clone(), logo: None },
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
        subject: format!("A card payment came for order {} after it was closed", found.number),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: None,
        unsubscribe: None,
    };
    let txn = ctx.db.begin().await?;
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}
