//! A visitor identity in one gallery: the person an email address stands for. Selects, comments
//! and annotations belong to it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gallery_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    pub name: Option<String>,
    pub created_at: DateTimeUtc,
    /// Turned over each time a browser proves the address (`visitor::identity::join`).
    pub epoch: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
