//! A studio: a photographer's account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "studios")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub accent_color: String,
    /// Shown on the studio's galleries; empty: none set (the sign-in address is never shown).
    pub contact_email: String,
    pub logo_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// `domain::store::WatermarkSettings` as JSON; `None`: the default (the studio's name).
    pub watermark: Option<String>,
    /// IANA time zone the digest hour is in.
    pub time_zone: String,
    /// The local hour (0–23) the daily digest is sent at.
    pub digest_hour: i32,
    pub notify_digest: bool,
    pub notify_security: bool,
    /// Turned over by a password reset: sessions signed in under an earlier one are never
    /// written again (`visitor::sessions`).
    pub session_epoch: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
