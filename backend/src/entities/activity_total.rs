//! A key's count so far: one gallery's count of one kind of event (`image` and `email` empty), or
//! one image's or one person's share of it. See `engagement::counts`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_totals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gallery_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// Empty, or an image id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub image: String,
    /// Empty, or a person's email.
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    pub studio_id: Uuid,
    pub total: i64,
    /// The key's last day with events, `YYYY-MM-DD` (UTC).
    pub last_day: String,
    pub last_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
