//! The payment provider interface (SPEC §6): checkout, the order page, cancelling and marking
//! paid go through the `Provider` of the order's payment method, never a provider by name. The
//! built-in invoice provider records orders the photographer marks paid; the card provider
//! (Stripe Checkout, `stripe`) plugs in behind the same calls, offered when it is configured.
//! Its own signed webhook and its reconciliation job are the provider's, not the interface's.

use crate::ctx::Ctx;
use crate::entities::order;
use crate::error::{ServiceError, ServiceResult};
use domain::store::views::PaymentMethod;

/// A way an order is paid, and what it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// By invoice or in person: nothing to open or close; the photographer marks it paid.
    Invoice,
    /// By card, through Stripe Checkout.
    Card,
}

impl Provider {
    /// The ways to pay this instance offers buyers, card first when it is configured.
    pub fn offered(ctx: &Ctx) -> Vec<PaymentMethod> {
        [PaymentMethod::Card, PaymentMethod::Invoice].into_iter().filter(|&m| Self::chosen(ctx, m).is_ok()).collect()
    }

    /// The provider of the way to pay a buyer chose; refused with a sentence when this instance
    /// does not offer it.
    pub fn chosen(ctx: &Ctx, method: PaymentMethod) -> ServiceResult<Self> {
        match method {
            PaymentMethod::Invoice => Ok(Self::Invoice),
            PaymentMethod::Card if ctx.config.stripe.is_some() => Ok(Self::Card),
            PaymentMethod::Card => Err(ServiceError::Unprocessable(
                "Card payments are not available here. Choose to pay by invoice or in person.".to_owned(),
            )),
        }
    }

    /// The provider an order was placed with (configured still or not: a card payment opened
    /// before the card settings were removed must still be closed).
    pub fn of_order(found: &order::Model) -> Self {
        match PaymentMethod::parse(&found.provider) {
            Some(PaymentMethod::Card) => Self::Card,
            _ => Self::Invoice,
        }
    }

    /// Refuses a price the provider cannot charge in `currency` (ISO code), with a sentence.
    pub fn check_price(self, minor: i64, currency: &str) -> ServiceResult<()> {
        match self {
            Self::Invoice => Ok(()),
            Self::Card if super::stripe::stripe_amount(minor, currency).is_some() => Ok(()),
            Self::Card => Err(super::stripe::uncharged(currency)),
        }
    }

    /// Refuses, before an order is placed, a total this provider cannot take in one payment.
    pub fn check_total(self, minor: i64, currency: &str) -> ServiceResult<()> {
        match self {
            Self::Invoice => Ok(()),
            Self::Card => super::stripe::check_total(minor, currency),
        }
    }

    /// Opens the payment of an order placed (or still awaiting payment): the page to send the
    /// buyer to, or `None` when there is none (the invoice is mailed).
    pub async fn start(self, ctx: &Ctx, placed: &order::Model, token: &str) -> ServiceResult<Option<String>> {
        match self {
            Self::Invoice => Ok(None),
            Self::Card => super::stripe::start_payment(ctx, placed, token).await.map(Some),
        }
    }

    /// Closes a payment still open for the order, before it is cancelled or marked paid by
    /// hand (the buyer must not pay an order that is closed, or pay twice); refused with a
    /// sentence while it cannot be closed.
    pub async fn close(self, ctx: &Ctx, found: &order::Model) -> ServiceResult<()> {
        match self {
            Self::Invoice => Ok(()),
            Self::Card => super::stripe::expire(ctx, found).await,
        }
    }

    /// Gives the money of a paid order back, before it is marked refunded; refused with a
    /// sentence when the provider does not. By invoice, the photographer pays it back by hand.
    pub async fn refund(self, ctx: &Ctx, found: &order::Model) -> ServiceResult<()> {
        match self {
            Self::Invoice => Ok(()),
            Self::Card => super::stripe::refund(ctx, found).await,
        }
    }

    /// Whether the buyer pays on a page of the provider's, which the order page can open again.
    pub fn pays_online(self, ctx: &Ctx) -> bool {
        self == Self::Card && ctx.config.stripe.is_some()
    }
}
