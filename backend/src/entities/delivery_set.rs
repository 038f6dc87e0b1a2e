//! A delivery set: a private package of a gallery's images with its own sizes and last day.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_sets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub name: String,
    /// `domain::policy::OfferedSizes` as JSON.
    pub sizes: String,
    pub ends_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Deleted by the photographer (its links lead nowhere; the log still names it).
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
