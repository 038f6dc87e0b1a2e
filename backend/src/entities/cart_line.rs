//! One line of a visitor's cart: an image (or the whole gallery) and a licence product.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cart_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Known to one visitor's session only.
    pub cart_id: Uuid,
    pub gallery_id: Uuid,
    /// `None`: a whole-gallery product.
    pub image_id: Option<Uuid>,
    pub product_id: Uuid,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
