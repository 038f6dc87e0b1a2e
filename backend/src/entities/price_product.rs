//! A licence product on a price sheet: what it is called, what it costs, which size it grants.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "price_products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sheet_id: Uuid,
    /// `domain::store::ProductKind::as_str`.
    pub kind: String,
    pub name: String,
    pub description: String,
    /// Minor units of the sheet's currency.
    pub price_minor: i64,
    /// `DownloadSize::token` of the size it grants.
    pub size: String,
    pub position: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
