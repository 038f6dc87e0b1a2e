//! Delivery sets as the photographer makes them (the editor's Delivery tab) and as a recipient
//! opens one (`/d/{token}`): wire types and the checks on what the photographer types. Who may
//! reach what is the policy's (`policy::delivery`).

use crate::downloads::ZipSummary;
use crate::dto::StudioBrand;
use crate::ids::{DeliveryLinkId, DeliverySetId, ImageId};
use crate::policy::{DownloadSize, OfferedSizes};
use crate::rendition::RenditionSize;
use crate::validation::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest name a delivery set or a recipient's link may have.
pub const MAX_NAME: usize = 80;

/// A new delivery set, or the changes to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryForm {
    /// "Finals", "Album selection", "Press kit".
    pub name: String,
    /// The sizes the package is delivered in: Original, 4K, HD (custom sizes are the gallery's).
    pub sizes: OfferedSizes,
    /// The last day the package can be downloaded (it stops at midnight after it, in the
    /// studio's time zone).
    pub ends_on: Option<NaiveDate>,
}

/// A package's name, trimmed: 1 to [`MAX_NAME`] characters, no control characters.
pub fn delivery_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", "Give the delivery a name, for example “Finals”."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new("name", "Keep the name under 80 characters."));
    }
    if name.chars().any(crate::validation::is_hidden_char) {
        return Err(FieldError::new("name", "Remove the control characters from the name."));
    }
    Ok(name.to_owned())
}

/// A recipient's name on their link, trimmed; empty: "Recipient".
pub fn link_label(raw: &str) -> Result<String, FieldError> {
    let label = raw.trim();
    if label.chars().count() > MAX_NAME {
        return Err(FieldError::new("label", "Keep the name under 80 characters."));
    }
    if label.chars().any(crate::validation::is_hidden_char) {
        return Err(FieldError::new("label", "Remove the control characters from the name."));
    }
    Ok(if label.is_empty() { "Recipient".to_owned() } else { label.to_owned() })
}

/// A package's sizes: Original, 4K and HD only, at least one of them.
pub fn delivery_sizes(sizes: OfferedSizes) -> Result<OfferedSizes, FieldError> {
    let kept = OfferedSizes { custom_web: None, custom_box: None, ..sizes };
    if kept.list().is_empty() {
        return Err(FieldError::new("sizes", "Choose at least one size to deliver: Original, 4K or HD."));
    }
    Ok(kept)
}

/// A recipient's link as the editor lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLinkView {
    pub id: DeliveryLinkId,
    /// Who it is for ("Anna & Tom", "Agency").
    pub label: String,
    /// The path the recipient opens (`/d/…`); the page makes it absolute for copying.
    pub path: String,
    /// The last day it opens the package, in the studio's time zone.
    pub last_day: Option<NaiveDate>,
    pub expired: bool,
    pub last_opened_at: Option<DateTime<Utc>>,
    /// Files downloaded through this link (a ZIP counts each photo).
    pub files: u64,
    pub created_at: DateTime<Utc>,
}

/// A delivery set in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverySetView {
    pub id: DeliverySetId,
    pub name: String,
    pub sizes: OfferedSizes,
    /// Its last day, in the studio's time zone.
    pub last_day: Option<NaiveDate>,
    /// Its last day has passed.
    pub ended: bool,
    /// The package, in its order.
    pub images: Vec<DeliveryImage>,
    /// The links that have not been revoked, newest first.
    pub links: Vec<DeliveryLinkView>,
    /// Files downloaded through all its links.
    pub files: u64,
    /// When any of its links was last opened.
    pub last_opened_at: Option<DateTime<Utc>>,
}

/// One photo of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryImage {
    pub id: ImageId,
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    /// The original's size in bytes.
    pub bytes: u64,
    /// Where its grid preview is served to whoever is looking (the editor's own media route, or
    /// the recipient's link).
    pub thumb_url: String,
    /// Its original is in long-term storage (its previews are not).
    pub archived: bool,
}

impl DeliveryImage {
    /// The tile's size, for a page that does not shift as the previews arrive.
    pub fn tile_dims(&self) -> (u32, u32) {
        RenditionSize::Grid480.dims(self.width, self.height)
    }
}

/// What a recipient sees at `/d/{token}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryPage {
    pub brand: StudioBrand,
    pub gallery_title: String,
    pub name: String,
    /// Who the link is for.
    pub recipient: String,
    /// When the package (or this link) stops working: the end of its last day in the studio's
    /// time zone, shown in the recipient's.
    pub ends_at: Option<DateTime<Utc>>,
    /// The sizes it is delivered in, largest first, each with what "Download all" weighs in it.
    pub sizes: Vec<(DownloadSize, ZipSummary)>,
    pub images: Vec<DeliveryImage>,
    /// The sizes in which some photos wait in long-term storage: "Download all" in them is asked
    /// for (a restore, emailed when ready) instead.
    pub restore: Vec<DownloadSize>,
    /// The path of the recipient's files: `{files}/zip/{size}`, `{files}/{image}/{size}`.
    pub files: String,
}

impl DeliveryPage {
    /// The whole package as one ZIP in `size`.
    pub fn zip_url(&self, size: DownloadSize) -> String {
        format!("{}/zip/{}", self.files, size.token())
    }

    /// One photo in `size`.
    pub fn file_url(&self, image: ImageId, size: DownloadSize) -> String {
        format!("{}/{}/{}", self.files, image, size.token())
    }

    /// What "Download all" weighs in `size` ("2 photos · 552 kB", "about" while not all made).
    pub fn weight(&self, size: DownloadSize) -> Option<ZipSummary> {
        self.sizes.iter().find(|(s, _)| *s == size).map(|(_, summary)| *summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(delivery_name("  Finals ").as_deref(), Ok("Finals"));
        assert!(delivery_name("   ").is_err());
        assert!(delivery_name(&"x".repeat(81)).is_err());
        assert!(delivery_name("Fin\u{202e}als").is_err());
        assert_eq!(link_label(" ").as_deref(), Ok("Recipient"));
        assert_eq!(link_label(" Anna ").as_deref(), Ok("Anna"));
    }

    #[test]
    fn a_package_has_at_least_one_plain_size() {
        let none = OfferedSizes { original: false, four_k: false, hd: false, custom_web: Some(800), custom_box: None };
        assert!(delivery_sizes(none).is_err(), "custom sizes alone are not a package's");
        let hd = OfferedSizes { hd: true, ..none };
        assert_eq!(delivery_sizes(hd).map(|s| s.list()), Ok(vec![DownloadSize::Hd]));
    }
}
