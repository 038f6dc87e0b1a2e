//! A message in the mail outbox: written before it is sent, marked `sent_at` once the mail server
//! took it, kept afterwards as a record of what was sent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub reply_to: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub attempts: i32,
    pub last_attempt_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// The `List-Unsubscribe` address (one-click, RFC 8058), for mail a person can switch off.
    pub unsubscribe: Option<String>,
    /// The mail server refused it for good (a 5xx answer) at the last try. It is still tried at
    /// the capped pace (the refusal may be the relay's, fixed later); the photographer is shown it.
    pub refused_for_good: bool,
    /// The gallery it is about, when it carries its visitors' addresses or words (purged with it).
    pub gallery_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
