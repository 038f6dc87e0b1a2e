//! An order: what a buyer bought in one gallery, at which price, and where its payment stands.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub studio_id: Uuid,
    pub gallery_id: Uuid,
    /// For people ("7F3A-91C2").
    pub number: String,
    /// SHA-256 (hex) of the order link's secret.
    pub token_hash: String,
    /// SHA-256 (hex) of the second link's secret, the one the receipt carries (made when paid).
    pub receipt_token_hash: Option<String>,
    pub buyer_name: String,
    pub buyer_email: String,
    /// `domain::store::OrderStatus::as_str`.
    pub status: String,
    pub currency: String,
    pub total_minor: i64,
    /// `domain::store::PaymentMethod` token.
    pub provider: String,
    /// The provider's reference (a Stripe Checkout Session id).
    pub provider_ref: Option<String>,
    /// When the current card payment page (`provider_ref`) was opened.
    pub payment_page_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    /// When it was cancelled or refunded.
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
