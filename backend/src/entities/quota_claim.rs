//! An image counted against its gallery's high-res quota (once, whoever downloaded it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quota_claims")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gallery_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub image_id: Uuid,
    pub link_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
