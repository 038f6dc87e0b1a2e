//! Card payments through Stripe Checkout, over Stripe's documented HTTP API: a Checkout Session
//! is created for an order and the buyer is sent to its page; the order becomes paid only from a
//! webhook whose `Stripe-Signature` verifies (HMAC-SHA256 over `{timestamp}.{body}`, within five
//! minutes) and whose amount and currency are the order's, or from the reconciliation job that
//! asks Stripe about orders still waiting (which heals a crash between payment and our update).
//! Redelivered events change nothing (the order is already paid). A delayed payment that fails
//! lets its session go (`payment_failed`); refunding a paid order refunds its card payment
//! (`refund`).

pub use crate::config::StripeConfig;
use crate::ctx::Ctx;
use crate::entities::{order, order_line};
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Utc};
use domain::store::OrderStatus;
use domain::store::money::Currency;
use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;
use uuid::Uuid;

/// How old a signed webhook may be.
pub const TOLERANCE_SECONDS: i64 = 300;
/// How long after its payment page was opened the reconciliation job still asks Stripe about an
/// order (a Checkout Session expires after 24 hours; a buyer may open one days after ordering).
const RECONCILE_WITHIN_HOURS: i64 = 48;

/// The most Stripe charges in one payment, in its units (eight digits).
const MAX_AMOUNT: i64 = 99_999_999;
/// The most line items a Checkout Session takes in payment mode.
const MAX_LINE_ITEMS: usize = 100;

/// Currencies whose prices Stripe takes in thousandths only in steps of ten (the last digit 0).
const THREE_DECIMAL: [&str; 5] = ["BHD", "JOD", "KWD", "OMR", "TND"];

/// Currencies Stripe takes in whole units (its "zero-decimal" currencies). All but MGA have no
/// minor unit in ISO 4217 either; MGA has two there, so its stored prices are divided by 100.
const ZERO_DECIMAL: [&str; 16] =
    ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

/// An amount in the currency's ISO minor units (what we store) as Stripe's API takes it, or
/// `None` where Stripe cannot charge it. Stripe's units differ from ISO 4217 for ISK, which it
/// takes as a two-decimal amount (a whole króna is 100), and for MGA, which it takes in whole
/// ariary (a price with decimals cannot be charged); it takes the three-decimal currencies only
/// in steps of 0.010.
pub fn stripe_amount(minor: i64, currency: &str) -> Option<i64> {
    let code = currency.to_ascii_uppercase();
    let iso_exponent = Currency::from_code(&code).map_or(0, Currency::exponent);
    if code == "ISK" {
        minor.checked_mul(100)
    } else if THREE_DECIMAL.contains(&code.as_str()) && minor % 10 != 0 {
        None
    } else if ZERO_DECIMAL.contains(&code.as_str()) && iso_exponent > 0 {
        let unit = 10i64.pow(iso_exponent);
        (minor % unit == 0).then_some(minor / unit)
    } else {
        Some(minor)
    }
}

/// The sentence for a price Stripe cannot charge (see `stripe_amount`).
pub fn uncharged(currency: &str) -> ServiceError {
    let steps = match ZERO_DECIMAL.iter().any(|c| c.eq_ignore_ascii_case(currency)) {
        true => "whole amounts only (no decimals)",
        false => "amounts in steps of 0.010",
    };
    ServiceError::Unprocessable(format!(
        "A price in this cart cannot be paid by card: card payments in {currency} take {steps}. Choose to pay by invoice, or ask the photographer."
    ))
}

/// The least Stripe charges in one payment, in the currency's ISO minor units, where Stripe
/// documents one (its table of minimum charge amounts); below it the payment page is refused.
fn minimum_charge(currency: &str) -> Option<i64> {
    let minimum = match currency.to_ascii_uppercase().as_str() {
        "USD" | "EUR" | "AUD" | "BRL" | "CAD" | "CHF" | "INR" | "NZD" | "SGD" => 50,
        "GBP" => 30,
        "BGN" => 100,
        "AED" | "MYR" | "PLN" | "RON" => 200,
        "DKK" => 250,
        "NOK" | "SEK" => 300,
        "HKD" => 400,
        "MXN" | "THB" => 1_000,
        "CZK" => 1_500,
        "HUF" => 17_500,
        "JPY" => 50,
        _ => return None,
    };
    Some(minimum)
}

/// Refuses, before an order is placed, a total one card payment cannot take: more than Stripe
/// charges at once, or less than its least.
pub fn check_total(total_minor: i64, currency: &str) -> ServiceResult<()> {
    if minimum_charge(currency).is_some_and(|least| total_minor < least) {
        return Err(ServiceError::Unprocessable(
            "This order's total is less than a card payment can take. Choose to pay by invoice, or add to the order."
                .to_owned(),
        ));
    }
    match stripe_amount(total_minor, currency) {
        Some(amount) if amount <= MAX_AMOUNT => Ok(()),
        _ => Err(ServiceError::Unprocessable(
            "This order's total is more than one card payment can take. Choose to pay by invoice, or place it as smaller orders."
                .to_owned(),
        )),
    }
}

/// The Checkout Session's line items for an order: one per licence, or, past what a session
/// takes, one for the whole order (its page and receipt still list every licence).
fn line_items(placed: &order::Model, lines: &[order_line::Model]) -> ServiceResult<Vec<(String, String)>> {
    let currency = placed.currency.to_ascii_lowercase();
    let charged: Vec<(String, i64)> = if lines.len() > MAX_LINE_ITEMS {
        let total = lines.iter().map(|l| l.price_minor).sum();
        vec![(format!("Order {} — {} licences", placed.number, lines.len()), total)]
    } else {
        lines.iter().map(|l| (format!("{} — {}", l.file_name, l.product_name), l.price_minor)).collect()
    };
    let mut form = Vec::with_capacity(charged.len() * 4);
    for (i, (name, minor)) in charged.into_iter().enumerate() {
        let item = |field: &str| format!("line_items[{i}]{field}");
        let amount = stripe_amount(minor, &placed.currency).ok_or_else(|| uncharged(&placed.currency))?;
        form.push((item("[quantity]"), "1".into()));
        form.push((item("[price_data][currency]"), currency.clone()));
        form.push((item("[price_data][unit_amount]"), amount.to_string()));
        form.push((item("[price_data][product_data][name]"), name));
    }
    Ok(form)
}

/// The part of a Checkout Session we read.
#[derive(Debug, Clone, Deserialize)]
struct Session {
    id: String,
    url: Option<String>,
    #[serde(default)]
    client_reference_id: Option<String>,
    #[serde(default)]
    amount_total: Option<i64>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    payment_status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: Session,
}

fn config(ctx: &Ctx) -> ServiceResult<&StripeConfig> {
    ctx.config
        .stripe
        .as_ref()
        .ok_or_else(|| ServiceError::Unprocessable("Card payments are not available here.".to_owned()))
}

fn client() -> ServiceResult<reqwest::Client> {
    reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| ServiceError::Internal(e.into()))
}

/// Creates a Checkout Session for an order awaiting payment and answers the page to send the
/// buyer to. The order's id is the idempotency key, so a retry never makes a second session.
pub async fn start_payment(ctx: &Ctx, placed: &order::Model, token: &str) -> ServiceResult<String> {
    let stripe = config(ctx)?;
    let lines = super::order_records::lines_of(ctx, placed.id).await?;
    let origin = &ctx.config.public_origin;
    let mut form: Vec<(String, String)> = vec![
        ("mode".into(), "payment".into()),
        ("success_url".into(), format!("{origin}{}?paid=1", super::order_records::order_path(token))),
        ("cancel_url".into(), format!("{origin}{}", super::order_records::order_path(token))),
        ("client_reference_id".into(), placed.id.to_string()),
        ("customer_email".into(), placed.buyer_email.clone()),
        ("metadata[order_id]".into(), placed.id.to_string()),
        ("metadata[order_number]".into(), placed.number.clone()),
    ];
    form.extend(line_items(placed, &lines)?);
    let response = client()?
        .post(format!("{}/v1/checkout/sessions", stripe.api_base.trim_end_matches('/')))
        .bearer_auth(&stripe.secret_key)
        .header("Idempotency-Key", format!("order-{}", placed.id))
        .form(&form)
        .send()
        .await
        .map_err(|e| unavailable(&e))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| unavailable(&e))?;
    if !status.is_success() {
        // Stripe's code and the parameter it names, not its whole answer: that may repeat the
        // buyer's address.
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let (code, param) =
            (answer["error"]["code"].as_str().unwrap_or(""), answer["error"]["param"].as_str().unwrap_or(""));
        tracing::warn!(order = %placed.id, %status, code, param, "Stripe refused a Checkout Session");
        // Refused for what the order is (400, 402): asking again would be refused again. A
        // request in flight with the same key (409, a double click), load (429), Stripe's own
        // trouble and a key it refuses (401, 403: the studio's setup, logged for the operator)
        // may pass later.
        if matches!(status.as_u16(), 401 | 403) {
            tracing::error!(order = %placed.id, %status, "Stripe refused the secret key: card payments cannot start");
        }
        if matches!(status.as_u16(), 400 | 402) {
            return Err(ServiceError::Unprocessable(
                "The card payment service did not accept this order, so it cannot be paid by card. Your order is saved: ask the photographer for an invoice."
                    .to_owned(),
            ));
        }
        return Err(ServiceError::Busy(
            "Card payment could not be started just now. Your order is saved: try again from its page in a moment."
                .to_owned(),
        ));
    }
    let session: Session = serde_json::from_slice(&body).map_err(|e| ServiceError::Internal(e.into()))?;
    // Kept only while the order still awaits payment: one cancelled meanwhile must not get an
    // open payment page, so the page just made is closed again.
    let kept = order::Entity::update_many()
        .col_expr(order::Column::ProviderRef, Expr::value(session.id.clone()))
        .col_expr(order::Column::PaymentPageAt, Expr::value(Some(Utc::now())))
        .filter(order::Column::Id.eq(placed.id))
        .filter(order::Column::Status.eq(OrderStatus::AwaitingPayment.as_str()))
        .exec(&ctx.db)
        .await?;
    if kept.rows_affected != 1 {
        let closed =
            order::Model { provider: "stripe".to_owned(), provider_ref: Some(session.id.clone()), ..placed.clone() };
        if let Err(e) = expire(ctx, &closed).await {
            tracing::warn!(order = %placed.id, error = %e, "the payment page of a closed order could not be closed");
        }
        return Err(ServiceError::Conflict(format!(
            "Order {} is no longer awaiting payment. Reload its page to see where it stands.",
            placed.number
        )));
    }
    session.url.ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("Stripe answered a session without a url")))
}

fn unavailable(e: &reqwest::Error) -> ServiceError {
    tracing::warn!(error = %e, "Stripe could not be reached");
    ServiceError::Busy(
        "Card payment could not be started just now. Your order is saved: try again from its page in a moment."
            .to_owned(),
    )
}

/// Why a webhook was refused (the sentence goes back to Stripe's dashboard).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the Stripe-Signature header is missing or does not verify")]
    Signature,
    #[error("the signature's timestamp is more than five minutes away from now (a replay?)")]
    Stale,
    #[error("the event cannot be read")]
    Unreadable,
    #[error("no order here has this payment")]
    UnknownOrder,
    #[error("the payment's amount or currency is not the order's")]
    AmountMismatch,
}

/// Checks a `Stripe-Signature` header against the body: a `v1` HMAC-SHA256 of `{t}.{body}` with
/// the endpoint's secret, `t` within [`TOLERANCE_SECONDS`] of `now`.
pub fn verify_signature(header: &str, body: &[u8], secret: &str, now: i64) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", sig)) => signatures.extend(hex::decode(sig).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::Signature)?;
    let verified = signatures.iter().any(|sig| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(sig).is_ok()
    });
    if !verified {
        return Err(WebhookError::Signature);
    }
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

/// Signs `body` as Stripe does (for the stand-in and tests).
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Handles one webhook delivery: verifies it, and marks the order paid for a completed, paid
/// Checkout Session, and lets go of the session of a delayed payment that failed. Other events
/// are acknowledged and ignored.
pub async fn webhook(ctx: &Ctx, signature: &str, body: &[u8], now: DateTime<Utc>) -> Result<(), WebhookError> {
    let stripe = ctx.config.stripe.as_ref().ok_or(WebhookError::Signature)?;
    verify_signature(signature, body, &stripe.webhook_secret, now.timestamp())?;
    let event: Event = serde_json::from_slice(body).map_err(|_| WebhookError::Unreadable)?;
    let paid_event = match event.kind.as_str() {
        "checkout.session.completed" => event.data.object.payment_status.as_deref() == Some("paid"),
        "checkout.session.async_payment_succeeded" => true,
        "checkout.session.async_payment_failed" => return payment_failed(ctx, &event.data.object).await,
        _ => false,
    };
    if !paid_event {
        return Ok(());
    }
    settle(ctx, &event.data.object, now).await
}

/// Marks the session's order paid when the session pays exactly the order.
async fn settle(ctx: &Ctx, session: &Session, now: DateTime<Utc>) -> Result<(), WebhookError> {
    let id = session
        .client_reference_id
        .as_deref()
        .and_then(|r| r.parse::<Uuid>().ok())
        .ok_or(WebhookError::UnknownOrder)?;
    let found = order::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .map_err(|_| WebhookError::Unreadable)?
        .ok_or(WebhookError::UnknownOrder)?;
    let amount_matches = session.amount_total.is_some()
        && session.amount_total == stripe_amount(found.total_minor, &found.currency)
        && session.currency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&found.currency));
    if !amount_matches {
        tracing::warn!(order = %found.id, session = %session.id, "a Stripe payment does not match its order");
        return Err(WebhookError::AmountMismatch);
    }
    let recorded = super::order_status::mark_paid(ctx, found.id, Some(&session.id), now).await.map_err(|e| {
        tracing::error!(order = %found.id, error = %e, "a paid order could not be recorded");
        WebhookError::Unreadable
    })?;
    // Not recorded: already paid (this event again), or closed while its payment page was still
    // open — then the money was taken for nothing, and the photographer must hear of it.
    if !recorded {
        let now_found = order::Entity::find_by_id(found.id)
            .one(&ctx.db)
            .await
            .map_err(|_| WebhookError::Unreadable)?
            .ok_or(WebhookError::UnknownOrder)?;
        super::late_payment::tell_photographer(ctx, &now_found, &session.id, now).await.map_err(|e| {
            tracing::error!(order = %found.id, error = %e, "the photographer could not be told of a late card payment");
            WebhookError::Unreadable
        })?;
    }
    Ok(())
}

/// A delayed payment (a SEPA debit, a bank redirect) failed after its session completed: the
/// session stays "complete, unpaid" at Stripe for good, so it is forgotten. Otherwise closing it
/// (`expire`) would answer "may have just been paid" for ever, and the photographer could
/// neither cancel the order nor mark it paid when the buyer pays another way. The buyer may open
/// a new payment page from the order's.
async fn payment_failed(ctx: &Ctx, session: &Session) -> Result<(), WebhookError> {
    let Some(id) = session.client_reference_id.as_deref().and_then(|r| r.parse::<Uuid>().ok()) else {
        return Err(WebhookError::UnknownOrder);
    };
    order::Entity::update_many()
        .col_expr(order::Column::ProviderRef, Expr::value(Option::<String>::None))
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::ProviderRef.eq(session.id.as_str()))
        .filter(order::Column::Status.eq(OrderStatus::AwaitingPayment.as_str()))
        .exec(&ctx.db)
        .await
        .map_err(|_| WebhookError::Unreadable)?;
    tracing::info!(order = %id, session = %session.id, "a delayed card payment failed");
    Ok(())
}

/// Whether `found` was paid (or is being paid) by a card payment of its own: its Checkout
/// Session is kept as its reference (marked paid by hand, an order lets it go).
pub fn card_payment(found: &order::Model) -> bool {
    found.provider == "stripe" && found.provider_ref.is_some()
}

/// Refunds the card payment of a paid order being refunded, through Stripe, before the order is
/// marked refunded: "Refunded" in the Orders tab must mean the money went back. An order marked
/// paid by hand has no card payment to refund. No idempotency key: Stripe would answer a retry
/// after a refusal (a balance topped up since) with the same refusal for a day, and a second
/// refund of a refunded payment is refused as `charge_already_refunded`, which counts as done.
/// Refused, with a sentence, when Stripe refuses or cannot be asked. With card payments no
/// longer set up here the refund is the photographer's to make in Stripe's dashboard, as the
/// Orders tab says (`RefundWay::StripeDashboard`), and the order is let through.
pub async fn refund(ctx: &Ctx, found: &order::Model) -> ServiceResult<()> {
    let Some(reference) = found.provider_ref.as_deref().filter(|_| card_payment(found)) else { return Ok(()) };
    let Some(stripe) = ctx.config.stripe.as_ref() else {
        tracing::warn!(order = %found.id, "refunded without card payments set up: the card payment is refunded in Stripe");
        return Ok(());
    };
    let base = stripe.api_base.trim_end_matches('/');
    let refused = |why: &str| {
        ServiceError::Conflict(format!(
            "The card payment of order {} was not refunded ({why}), so the order was not changed. Try again in a moment, or refund it in your Stripe dashboard and then here.",
            found.number
        ))
    };
    let session = client()?
        .get(format!("{base}/v1/checkout/sessions/{reference}"))
        .bearer_auth(&stripe.secret_key)
        .send()
        .await
        .map_err(|_| refused("Stripe could not be reached"))?;
    let session = session.bytes().await.map_err(|_| refused("Stripe could not be reached"))?;
    let session: serde_json::Value =
        serde_json::from_slice(&session).map_err(|_| refused("Stripe's answer could not be read"))?;
    let Some(intent) = session["payment_intent"].as_str() else {
        return Err(refused("Stripe has no payment for it"));
    };
    let response = client()?
        .post(format!("{base}/v1/refunds"))
        .bearer_auth(&stripe.secret_key)
        .form(&[("payment_intent", intent), ("metadata[order_number]", found.number.as_str())])
        .send()
        .await
        .map_err(|_| refused("Stripe could not be reached"))?;
    if response.status().is_success() {
        return Ok(());
    }
    let status = response.status();
    let answer: serde_json::Value =
        response.bytes().await.ok().and_then(|body| serde_json::from_slice(&body).ok()).unwrap_or_default();
    if answer["error"]["code"] == "charge_already_refunded" {
        return Ok(());
    }
    // Disputed: the buyer's bank is taking the money back itself, and Stripe refunds nothing
    // more; the order may say so.
    if answer["error"]["code"] == "charge_disputed" {
        tracing::warn!(order = %found.id, "a disputed card payment was marked refunded; the dispute returns the money");
        return Ok(());
    }
    tracing::warn!(order = %found.id, %status, answer = %answer, "Stripe refused a refund");
    Err(refused(answer["error"]["message"].as_str().unwrap_or("Stripe refused it")))
}

/// Closes the Checkout Session of an order being cancelled or marked paid, so the buyer can no
/// longer pay it by card.
/// Refused (with a sentence) when the buyer has just paid it, or when Stripe cannot be asked:
/// the order must not be cancelled while its payment may still go through.
pub async fn expire(ctx: &Ctx, found: &order::Model) -> ServiceResult<()> {
    let Some(reference) = found.provider_ref.as_deref().filter(|_| found.provider == "stripe") else { return Ok(()) };
    let Some(stripe) = ctx.config.stripe.as_ref() else {
        // Stripe closes a Checkout Session by itself 24 hours after it was opened.
        let opened = found.payment_page_at.unwrap_or(found.created_at);
        if opened < Utc::now() - chrono::Duration::hours(24) {
            return Ok(());
        }
        return Err(ServiceError::Conflict(format!(
            "Card payments are no longer set up here, so the payment page of order {} cannot be closed; it closes by itself 24 hours after it was opened. Change the order after that.",
            found.number
        )));
    };
    let base = stripe.api_base.trim_end_matches('/');
    let refused = || {
        ServiceError::Conflict(format!(
            "Order {} may have just been paid by card, so it was not changed. Reload in a minute: if it shows as paid by card, it needs nothing more (or a refund, if it should not have been paid).",
            found.number
        ))
    };
    let response = client()?
        .post(format!("{base}/v1/checkout/sessions/{reference}/expire"))
        .bearer_auth(&stripe.secret_key)
        .send()
        .await
        .map_err(|_| refused())?;
    if response.status().is_success() {
        return Ok(());
    }
    // Already expired (after 24 hours) is as good; complete (paid) or anything else is not.
    let session = client()?
        .get(format!("{base}/v1/checkout/sessions/{reference}"))
        .bearer_auth(&stripe.secret_key)
        .send()
        .await
        .map_err(|_| refused())?
        .bytes()
        .await
        .map_err(|_| refused())?;
    let session: serde_json::Value = serde_json::from_slice(&session).map_err(|_| refused())?;
    if session["status"] == "expired" && session["payment_status"] != "paid" { Ok(()) } else { Err(refused()) }
}

/// Asks Stripe about card orders still waiting, every few minutes: a payment whose webhook was
/// lost (or arrived while we were down) is recorded all the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileCardPayments;

impl JobKind for ReconcileCardPayments {
    const KIND: &'static str = "reconcile_card_payments";
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        reconcile(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(Duration::from_secs(300)))
    }
}

crate::register_job!(ReconcileCardPayments);

/// One reconciliation pass; answers how many orders it found paid.
pub async fn reconcile(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<u32> {
    let Some(stripe) = ctx.config.stripe.as_ref() else { return Ok(0) };
    let waiting = order::Entity::find()
        .filter(order::Column::Provider.eq("stripe"))
        .filter(order::Column::Status.eq(OrderStatus::AwaitingPayment.as_str()))
        .filter(order::Column::ProviderRef.is_not_null())
        .filter(order::Column::PaymentPageAt.gt(now - chrono::Duration::hours(RECONCILE_WITHIN_HOURS)))
        .all(&ctx.db)
        .await?;
    let mut settled = 0;
    for found in waiting {
        let Some(reference) = &found.provider_ref else { continue };
        let url = format!("{}/v1/checkout/sessions/{reference}", stripe.api_base.trim_end_matches('/'));
        let response = client()?.get(url).bearer_auth(&stripe.secret_key).send().await.map_err(|e| unavailable(&e))?;
        if !response.status().is_success() {
            continue;
        }
        let body = response.bytes().await.map_err(|e| unavailable(&e))?;
        let Ok(session) = serde_json::from_slice::<Session>(&body) else { continue };
        if session.payment_status.as_deref() == Some("paid") && settle(ctx, &session, now).await.is_ok() {
            settled += 1;
        }
    }
    Ok(settled)
}

#[cfg(test)]
mod tests {
    use super::{check_total, line_items, stripe_amount};
    use crate::entities::{order, order_line};
    use chrono::Utc;
    use uuid::Uuid;

    fn order_of(lines: usize) -> (order::Model, Vec<order_line::Model>) {
        let id = Uuid::new_v4();
        let placed = order::Model {
            id,
            studio_id: Uuid::new_v4(),
            gallery_id: Uuid::new_v4(),
            number: "7F3A-91C2".to_owned(),
            token_hash: String::new(),
            receipt_token_hash: None,
            buyer_name: "Ana".to_owned(),
            buyer_email: "ana@example.com".to_owned(),
            status: "awaiting_payment".to_owned(),
            currency: "EUR".to_owned(),
            total_minor: 2_500 * lines as i64,
            provider: "stripe".to_owned(),
            provider_ref: None,
            payment_page_at: None,
            created_at: Utc::now(),
            paid_at: None,
            closed_at: None,
        };
        let lines = (0..lines)
            .map(|n| order_line::Model {
                id: Uuid::new_v4(),
                order_id: id,
                image_id: Some(Uuid::new_v4()),
                file_name: format!("photo-{n}.jpg"),
                kind: "image".to_owned(),
                product_name: "Personal digital".to_owned(),
                product_description: String::new(),
                size: "hd".to_owned(),
                price_minor: 2_500,
                position: n as i32,
            })
            .collect();
        (placed, lines)
    }

    #[test]
    fn a_session_takes_a_line_per_licence_up_to_its_limit_then_one_for_the_order() {
        let (placed, lines) = order_of(100);
        let form = line_items(&placed, &lines).expect("items");
        assert_eq!(form.len(), 400);
        assert!(form.contains(&(
            "line_items[99][price_data][product_data][name]".into(),
            "photo-99.jpg — Personal digital".into()
        )));
        let (placed, lines) = order_of(101);
        let form = line_items(&placed, &lines).expect("items");
        assert_eq!(
            form,
            [
                ("line_items[0][quantity]".to_owned(), "1".to_owned()),
                ("line_items[0][price_data][currency]".to_owned(), "eur".to_owned()),
                ("line_items[0][price_data][unit_amount]".to_owned(), "252500".to_owned()),
                (
                    "line_items[0][price_data][product_data][name]".to_owned(),
                    "Order 7F3A-91C2 — 101 licences".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_total_past_eight_digits_is_refused_before_the_order_is_placed() {
        assert!(check_total(99_999_999, "EUR").is_ok());
        assert!(check_total(100_000_000, "EUR").is_err());
        // In Stripe's units: a króna is 100 of them.
        assert!(check_total(999_999, "ISK").is_ok());
        assert!(check_total(1_000_000, "ISK").is_err());
    }

    #[test]
    fn amounts_are_in_stripes_units() {
        assert_eq!(stripe_amount(2500, "EUR"), Some(2500));
        assert_eq!(stripe_amount(2500, "jpy"), Some(2500));
        // ISO says the króna has no decimals; Stripe takes it as if it had two.
        assert_eq!(stripe_amount(2500, "ISK"), Some(250_000));
        // Three-decimal currencies in steps of ten thousandths only.
        assert_eq!(stripe_amount(1_250, "KWD"), Some(1_250));
        assert_eq!(stripe_amount(1_255, "KWD"), None);
        // Stripe takes MGA in whole ariary, which ISO counts in hundredths.
        assert_eq!(stripe_amount(5_000_000, "MGA"), Some(50_000));
        assert_eq!(stripe_amount(5_000_050, "MGA"), None);
    }
}
