//! One downloaded file (a ZIP writes one row per entry).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "downloads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub image_id: Uuid,
    /// The photo's file name when it was sent: the log keeps it once the photo is removed for
    /// good (`None`: a row logged before names were kept, for a photo already gone).
    pub file_name: Option<String>,
    pub link_id: Option<Uuid>,
    /// Who downloaded (`domain::downloads::Downloader::token`): a role's name, `"buyer"`, or
    /// `None` for the photographer's own download.
    pub role: Option<String>,
    pub email: Option<String>,
    /// The size token (`original`, `hd`, …).
    pub size: String,
    pub bytes: i64,
    pub in_zip: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
