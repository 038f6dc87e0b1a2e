//! One licence bought: an image (or the whole gallery) with a copy of the product as it was sold.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub order_id: Uuid,
    /// `None`: a whole-gallery licence.
    pub image_id: Option<Uuid>,
    /// The image's file name at the time (the gallery's title for a whole-gallery licence).
    pub file_name: String,
    pub kind: String,
    pub product_name: String,
    pub product_description: String,
    /// `DownloadSize::token` of the size granted.
    pub size: String,
    pub price_minor: i64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
