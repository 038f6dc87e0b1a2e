//! A set: a named, ordered group of images in a gallery.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub name: String,
    pub position: i32,
    pub created_at: DateTimeUtc,
    /// "Allow downloads": any set with it on puts the gallery in set download mode.
    pub allow_downloads: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
