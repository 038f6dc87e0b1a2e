//! A day's count of one kind of event in a gallery: the total (`image` and `email` empty), or one
//! image's or one person's share of it. Reports sum these rows, never the events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gallery_id: Uuid,
    /// `YYYY-MM-DD`, UTC.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// Empty, or an image id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub image: String,
    /// Empty, or a person's email.
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    pub studio_id: Uuid,
    pub count: i64,
    pub last_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
