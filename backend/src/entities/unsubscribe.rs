//! An unsubscribe link that was mailed: whose (studio, address) and for which kind of mail.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unsubscribes")]
pub struct Model {
    /// SHA-256 of the link's secret, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub studio_id: Uuid,
    pub email: String,
    /// `domain::engagement::MailKind`'s token.
    pub kind: String,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
