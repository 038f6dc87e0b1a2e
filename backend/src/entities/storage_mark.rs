//! The mark of the store a tier of this database is kept in (see `storage::pairing`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "storage_marks")]
pub struct Model {
    /// `live` or `archive`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tier: String,
    pub mark: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
