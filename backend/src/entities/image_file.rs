//! Size and checksums of a file made from an image (a rendition or a custom download size).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub image_id: Uuid,
    /// The download size token (`4k`, `hd`, `web-1200`, `box-3000x2000`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub variant: String,
    pub byte_size: i64,
    pub crc32: i64,
    pub sha256: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
