//! A share email a visitor had sent: counted by the share limits, listed for the photographer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "share_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub from_link_id: Uuid,
    pub link_id: Uuid,
    pub recipient: String,
    pub note: String,
    pub created_at: DateTimeUtc,
    /// The outbox message that carries it (none for share emails sent before this was kept).
    pub outbox_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
