//! A one-time link sent by email (sign-up, password reset, a visitor's sign-in). Only the
//! token's SHA-256 is stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `crate::visitor::secrets::email_links::Purpose::as_str`.
    pub purpose: String,
    pub token_hash: String,
    pub email: String,
    pub studio_id: Option<Uuid>,
    pub gallery_id: Option<Uuid>,
    pub access_link_id: Option<Uuid>,
    pub payload: Option<String>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
