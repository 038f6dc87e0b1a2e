//! One measured move of files between the live and the archive tier: what restore estimates are
//! computed from.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tier_moves")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `archive` or `restore`.
    pub direction: String,
    pub bytes: i64,
    pub millis: i64,
    pub finished_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
