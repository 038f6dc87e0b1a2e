//! A visitor's request for archived originals: what they asked to download, as whom, and where
//! the restore stands (`waiting`, `ready` with its link's last day, `expired`, `failed`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "restore_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The SHA-256 (hex) of the emailed link's secret, made when the request is ready; the secret
    /// itself is only in the mail.
    pub token_hash: Option<String>,
    pub gallery_id: Uuid,
    /// Who asked (`archive::requester::Requester`), as JSON.
    pub requester: String,
    pub email: String,
    /// `domain::downloads::DownloadTarget`, as JSON.
    pub target: String,
    /// The download size's token (`DownloadSize::token`).
    pub size: String,
    /// The archived images it waits for, as a JSON list of ids.
    pub images: String,
    /// The bytes to restore when it was asked.
    pub bytes: i64,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub ready_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
}

/// `status`: being restored.
pub const WAITING: &str = "waiting";
/// `status`: restored and emailed; its link works until `expires_at`.
pub const READY: &str = "ready";
/// `status`: its link ran out.
pub const EXPIRED: &str = "expired";
/// `status`: the restore failed for good (its requester and the photographer were told).
pub const FAILED: &str = "failed";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
