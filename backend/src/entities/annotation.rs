//! One person's marks on one image, as checked JSON vectors.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annotations")]
pub struct Model {
    pub gallery_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub image_id: Uuid,
    /// Lower-cased.
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    pub author: String,
    /// `Vec<domain::annotations::Shape>` as JSON.
    pub shapes: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
