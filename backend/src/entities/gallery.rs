//! A gallery.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "galleries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub studio_id: Uuid,
    pub title: String,
    pub slug: String,
    pub event_date: Option<Date>,
    pub status: String,
    pub cover_image_id: Option<Uuid>,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Argon2id hash of the gallery password, when one is set.
    pub password_hash: Option<String>,
    /// `domain::settings::GallerySettings` as JSON; `None`: every setting at its default.
    pub settings: Option<String>,
    /// Argon2id hash of the download PIN, when one is set.
    pub pin_hash: Option<String>,
    /// Changes with every PIN change, so PINs given before no longer count.
    pub pin_epoch: i32,
    /// Distinct images counted against the high-res quota.
    pub quota_used: i32,
    /// The gallery sells licences: the policy turns proofing and free downloads off.
    pub store_mode: bool,
    /// Anyone with the gallery's address may view it as a guest.
    pub public_link: bool,
    /// Changes with every password change, so unlocks made before no longer count.
    pub password_epoch: i32,
    /// The price sheet store mode sells from.
    pub price_sheet_id: Option<Uuid>,
    /// Restored by the photographer: its originals stay live, whatever their age.
    pub keep_live: bool,
    /// Deleted by its photographer (restorable for a while, then removed for good): nobody
    /// reaches anything of it.
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
