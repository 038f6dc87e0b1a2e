//! Wire types: what server functions return and accept. Named for their role (`…View`, `…Card`,
//! `Create…`). They carry no database ids the visitor may not see.

use crate::card::ImageCard;
use crate::gallery::GalleryStatus;
use crate::ids::{GalleryId, ImageId, SetId, StudioId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The signed-in photographer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub studio_id: StudioId,
    pub studio_name: String,
    pub email: String,
}

/// A studio's public branding, shown on its galleries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudioBrand {
    pub name: String,
    pub logo_url: Option<String>,
    pub accent_color: String,
    /// The address clients may write to, only when the photographer set one.
    pub contact_email: Option<String>,
}

/// What brands a studio's galleries, as the photographer edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudioSettings {
    pub name: String,
    pub accent_color: String,
    /// Shown on the galleries; empty: none (the sign-in email is never shown to clients).
    pub contact_email: String,
    /// The sign-in email (not editable here).
    pub email: String,
    pub logo_url: Option<String>,
}

/// A set as the photographer and visitors see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetView {
    pub id: SetId,
    pub name: String,
}

/// A gallery in the studio's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GallerySummary {
    pub id: GalleryId,
    pub title: String,
    pub slug: String,
    pub status: GalleryStatus,
    pub event_date: Option<NaiveDate>,
    /// Its last day has passed: visitors are told it has expired.
    pub expired: bool,
    pub image_count: u64,
    pub cover: Option<ImageCard>,
    /// Clients' comments the photographer has not read.
    pub unread_comments: u64,
}

/// A gallery its photographer deleted, in their Recently deleted galleries: nobody reaches
/// anything of it, and it can be brought back whole until `removed_on`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletedGallery {
    pub id: GalleryId,
    pub title: String,
    pub deleted_on: NaiveDate,
    /// The day it goes for good (`KEEP_DELETED_DAYS` after it was deleted).
    pub removed_on: NaiveDate,
    /// Its photos not deleted one by one before.
    pub image_count: u64,
}

/// What forgetting a person of a gallery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forgotten {
    /// Anything at all was kept under the address in this gallery (a typo finds nothing).
    pub found: bool,
    /// Their orders, kept: the record of a sale, and their way to their files.
    pub orders_kept: u64,
}

/// Everything the photographer's gallery editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GalleryEditorView {
    pub id: GalleryId,
    pub title: String,
    pub slug: String,
    pub status: GalleryStatus,
    pub event_date: Option<NaiveDate>,
    /// The last day visitors may open the gallery, if the photographer chose one.
    pub last_day: Option<NaiveDate>,
    /// The hour it ends on that day ("16:00"), in the studio's time zone, when that is not the
    /// day's midnight: it was chosen under the studio's earlier zone.
    pub ends_at_hour: Option<String>,
    /// Whether that day has passed (visitors are told the gallery has expired).
    pub expired: bool,
    pub cover_image_id: Option<ImageId>,
    /// Whether visitors must give a password (the password itself never leaves the server).
    pub has_password: bool,
    /// Whether anyone with the gallery's address may view it as a guest.
    pub public_link: bool,
    /// Whether a download PIN is set (the PIN itself is shown once, when set).
    pub has_pin: bool,
    /// Whether the gallery is a shop: selects, comments, annotations, compare, free downloads,
    /// the password and the PIN are then paused for visitors (the settings below are kept).
    pub store_mode: bool,
    pub settings: crate::settings::GallerySettings,
    /// Sets with "allow downloads" on.
    pub download_sets: Vec<SetId>,
    pub sets: Vec<SetView>,
    /// The most one upload may be, in bytes (`PROOFROOM_MAX_UPLOAD_MB`).
    pub max_upload_bytes: u64,
}

/// An image in the editor, with what ingest learnt about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorImage {
    pub card: ImageCard,
    pub byte_size: u64,
    pub captured_at: Option<NaiveDateTime>,
    pub camera: Option<String>,
    pub failure: Option<String>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// The client gallery page: what a visitor may see, and nothing more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientGalleryView {
    pub title: String,
    pub slug: String,
    /// The address this page is at: the access link's (`/l/…`) or the public one (`/g/…`).
    /// Links inside the page (photos, sets) stay on it.
    pub path: String,
    pub event_date: Option<NaiveDate>,
    pub studio: StudioBrand,
    pub cover: Option<ImageCard>,
    pub sets: Vec<SetView>,
    /// The sets that hold photos the visitor sees, in order, with where each starts ("More",
    /// the photos in no set, last).
    pub tabs: Vec<crate::gallery_page::SetTab>,
    /// The page the visitor opened (the photos in display order: set by set, then "More").
    pub page: crate::gallery_page::GalleryPage,
    /// True when the visitor is the gallery's own studio (e.g. previewing a draft).
    pub is_owner_preview: bool,
    /// What this visitor may download, and which proofing tools the policy offers them.
    pub access: crate::downloads::ClientAccess,
    /// The visitor's own select lists (empty until they give an email).
    pub selects: crate::selects::MySelects,
    /// The name the visitor signs comments with, once given.
    pub visitor_name: Option<String>,
}

/// The gallery form (create and edit).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GalleryForm {
    pub title: String,
    /// Empty means "derive from the title".
    pub slug: String,
    pub event_date: Option<NaiveDate>,
    /// The last day visitors may open the gallery (through the end of that day in the studio's
    /// time zone): `Some(None)` for none, `None` to leave it as it is (a form without the field).
    pub last_day: Option<Option<NaiveDate>>,
}

/// What the upload route answers for one accepted file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadAccepted {
    pub image: ImageCard,
}

/// What the upload route answers for a refused file: a sentence for the photographer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadRefused {
    pub error: String,
}

/// The page behind a visitor's emailed sign-in link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitorSignIn {
    pub email: String,
    pub gallery_title: String,
}
