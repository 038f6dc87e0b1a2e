//! An image: one uploaded original and what ingest learnt about it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "images")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub gallery_id: Uuid,
    pub set_id: Option<Uuid>,
    pub position: i32,
    pub file_name: String,
    pub format: String,
    pub byte_size: i64,
    pub sha256: String,
    pub crc32: i64,
    /// Stored size, before EXIF orientation.
    pub width: i32,
    pub height: i32,
    pub orientation: i16,
    pub captured_at: Option<DateTime>,
    pub camera: Option<String>,
    pub status: String,
    pub failure: Option<String>,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// When the stored original last read back matching its checksum (the scrub).
    pub verified_at: Option<DateTimeUtc>,
    /// When the stored original was found not to match its checksum: refused from then on.
    pub damaged_at: Option<DateTimeUtc>,
    /// The watermark its visitors' previews were last burned with (`None`: never).
    pub watermark_version: Option<String>,
    /// When a verified copy of the original (and its custom download sizes) was written to the
    /// archive tier (`None`: never archived).
    pub archived_at: Option<DateTimeUtc>,
    /// A copy of the original is in the live tier: false once archived, true again while restored.
    pub original_live: bool,
    /// The live copy is a restore, taken back to the archive at this time (`None` with
    /// `original_live`: live for good).
    pub restored_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The upright size (EXIF orientations 5–8 swap the sides).
    pub fn upright_dims(&self) -> (u32, u32) {
        let (w, h) = (self.width.max(0) as u32, self.height.max(0) as u32);
        if (5..=8).contains(&self.orientation) { (h, w) } else { (w, h) }
    }
}
