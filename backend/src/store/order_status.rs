//! How an order's status changes: the photographer marks it paid, cancels or refunds it (the
//! Orders tab: `order_changes`), a payment provider confirms it. Every change is a conditional
//! update (`… WHERE status = 'awaiting_payment'`), so a payment confirmed twice (a webhook
//! redelivered, the photographer clicking while it arrives) is recorded, and its receipt sent,
//! exactly once.

use super::order_records::currency_code;
use crate::ctx::Ctx;
use crate::entities::{gallery, order, order_line, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::mail::letter::{Brand, Letter, Section};
use crate::mail::{self, OutgoingMail};
use chrono::{DateTime, Utc};
use domain::policy::DownloadSize;
use domain::store::{OrderStatus, format_price};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Marks an order paid if it is still awaiting payment (a provider's confirmation); answers
/// whether this call did it. `reference` is the provider's own id for the payment.
pub async fn mark_paid(ctx: &Ctx, id: Uuid, reference: Option<&str>, now: DateTime<Utc>) -> ServiceResult<bool> {
    let reference = match reference {
        Some(reference) => Reference::Set(reference),
        None => Reference::Kept,
    };
    transition(ctx, id, OrderStatus::AwaitingPayment, OrderStatus::Paid, reference, now).await
}

/// What a status change does with the order's payment reference (the provider's id for it).
#[derive(Debug, Clone, Copy)]
pub(super) enum Reference<'a> {
    /// Left as it is.
    Kept,
    /// The provider's id of the payment that paid it.
    Set(&'a str),
    /// Only if it is still `expected` (no payment page was opened meanwhile), and then it is
    /// `after` (`None`: the order was paid otherwise, and no provider payment is its own).
    Unchanged { expected: Option<&'a str>, after: Option<&'a str> },
}

/// Moves an order from `from` to `to` if it is still `from`, with its receipt when it becomes
/// paid, in one transaction.
pub(super) async fn transition(
    ctx: &Ctx,
    id: Uuid,
    from: OrderStatus,
    to: OrderStatus,
    reference: Reference<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let txn = crate::db::begin(&ctx.db).await?;
    let mut update = order::Entity::update_many().col_expr(order::Column::Status, Expr::value(to.as_str()));
    update = match to {
        OrderStatus::Paid => update.col_expr(order::Column::PaidAt, Expr::value(now)),
        OrderStatus::Cancelled | OrderStatus::Refunded => update.col_expr(order::Column::ClosedAt, Expr::value(now)),
        OrderStatus::AwaitingPayment => update,
    };
    update = match reference {
        Reference::Kept => update,
        Reference::Set(reference) => update.col_expr(order::Column::ProviderRef, Expr::value(reference)),
        Reference::Unchanged { expected, after } => {
            let same = match expected {
                Some(expected) => order::Column::ProviderRef.eq(expected),
                None => order::Column::ProviderRef.is_null(),
            };
            update.col_expr(order::Column::ProviderRef, Expr::value(after)).filter(same)
        }
    };
    let changed =
        update.filter(order::Column::Id.eq(id)).filter(order::Column::Status.eq(from.as_str())).exec(&txn).await?;
    if changed.rows_affected != 1 {
        return Ok(false);
    }
    if to == OrderStatus::Paid {
        queue_receipt(&txn, &ctx.config.public_origin, id, now).await?;
    }
    txn.commit().await?;
    // The payment is committed: reading it back for the report must not turn it into an error.
    if to == OrderStatus::Paid
        && let Ok(Some(paid)) = order::Entity::find_by_id(id).one(&ctx.db).await
    {
        crate::engagement::hooks::order_paid(
            ctx,
            paid.studio_id,
            paid.gallery_id,
            &paid.buyer_email,
            &paid.number,
            now,
        )
        .await;
    }
    Ok(true)
}

async fn queue_receipt(db: &DatabaseTransaction, origin: &str, id: Uuid, now: DateTime<Utc>) -> ServiceResult<()> {
    let paid = order::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let owner = studio::Entity::find_by_id(paid.studio_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let g = gallery::Entity::find_by_id(paid.gallery_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let currency = currency_code(&paid)?;
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(paid.id))
        .order_by_asc(order_line::Column::Position)
        .all(db)
        .await?;
    let lines = lines
        .iter()
        .map(|line| {
            format!(
                "{} — {} ({}) — {}",
                line.file_name,
                line.product_name,
                DownloadSize::from_token(&line.size).map(|s| s.label()).unwrap_or_default(),
                format_price(line.price_minor, currency)
            )
        })
        .collect();
    // The order-placed mail's link is stored only hashed, so the receipt carries a link of its
    // own: a buyer who kept only the receipt still reaches the downloads it announces.
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
    let token = hex::encode(secret);
    order::Entity::update_many()
        .col_expr(order::Column::ReceiptTokenHash, Expr::value(crate::visitor::secrets::hashing::token_digest(&token)))
        .filter(order::Column::Id.eq(paid.id))
        .exec(db)
        .await?;
    let link = format!("{}{}", origin.trim_end_matches('/'), super::order_records::order_path(&token));
    let letter = Letter {
        brand: Brand::of(&owner, origin),
        greeting: format!("Hello {},", paid.buyer_name),
        paragraphs: vec![
            format!("Your payment for order {} in “{}” is confirmed.", paid.number, g.title),
            "Your downloads are open now on your order page. Each photo comes in the size its licence grants, \
             and the ZIP holds the licence terms."
                .to_owned(),
        ],
        sections: vec![Section {
            heading: format!("Receipt — total paid {}", format_price(paid.total_minor, currency)),
            lines,
            link: None,
        }],
        action: Some(("Your downloads".to_owned(), link)),
        footer: vec!["Keep this link to yourself: anyone who has it can download what you bought.".to_owned()],
        unsubscribe: None,
    };
    let receipt = OutgoingMail {
        to: paid.buyer_email.clone(),
        to_name: Some(paid.buyer_name.clone()),
        subject: format!("Receipt for order {} — your downloads are ready", paid.number),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: Some(owner.contact_email).filter(|e| !e.is_empty()),
        unsubscribe: None,
        gallery: None,
    };
    mail::queue(db, &receipt, now).await?;
    Ok(())
}
