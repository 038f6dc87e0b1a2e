//! A comment on an image: a visitor's, or the photographer's reply.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub image_id: Uuid,
    pub author: String,
    /// The person whose thread this is (a reply carries the address it answers).
    pub email: Option<String>,
    pub link_id: Option<Uuid>,
    pub from_studio: bool,
    /// Plain text; escaped wherever it is shown.
    pub body: String,
    pub created_at: DateTimeUtc,
    /// When the photographer read it.
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
