//! One of a visitor's named select lists in a gallery, owned by the email they gave.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "select_lists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    pub created_at: DateTimeUtc,
    /// When the visitor sent it to the photographer; closed to changes from then until reopened.
    pub sent_at: Option<DateTimeUtc>,
    /// What they wrote with it.
    pub sent_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
