//! One recorded engagement event (`domain::engagement::EventKind`), kept 13 months.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub studio_id: Uuid,
    pub gallery_id: Uuid,
    pub kind: String,
    pub at: DateTimeUtc,
    pub image_id: Option<Uuid>,
    pub email: Option<String>,
    pub link_id: Option<Uuid>,
    pub role: Option<String>,
    pub size: Option<String>,
    /// The day's salted hash of the visitor's address (visits and views).
    pub visitor: Option<String>,
    /// Files in a ZIP; 1 otherwise.
    pub count: i32,
    /// A comment's first words.
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
