//! A gallery's access settings as the photographer edits them: the seven switches, the download
//! sizes, each role's download right, the high-res quota and email tracking. Stored as one JSON
//! value on the gallery; the gallery password and the download PIN are kept apart (hashed).

use crate::policy::{OfferedSizes, RoleRights, Switches};
use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// Long edges a custom web size may have.
pub const CUSTOM_WEB_RANGE: std::ops::RangeInclusive<u32> = 200..=3000;
/// Sides a custom high-res box may have.
pub const CUSTOM_BOX_RANGE: std::ops::RangeInclusive<u32> = 800..=12000;
/// The largest high-res quota (a number, not "unlimited": leave it empty for that).
pub const MAX_QUOTA: u32 = 100_000;

/// The settings panel's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GallerySettings {
    pub switches: Switches,
    pub sizes: OfferedSizes,
    pub rights: RoleRights,
    /// Free high-res downloads shared by all main clients; `None`: no limit.
    pub high_res_quota: Option<u32>,
    /// Visitors give an email before their first download (on by default).
    pub email_tracking: bool,
    /// Visitors' previews carry the studio's watermark even outside store mode (store mode always
    /// watermarks them).
    #[serde(default)]
    pub watermark_previews: bool,
}

impl Default for GallerySettings {
    /// A new gallery's: the spec's switches, Original/4K/HD offered, the default role rights, no
    /// quota, email tracking on.
    fn default() -> Self {
        Self {
            switches: Switches::default(),
            sizes: OfferedSizes::default(),
            rights: RoleRights::default(),
            high_res_quota: None,
            email_tracking: true,
            watermark_previews: false,
        }
    }
}

impl GallerySettings {
    /// Checks the custom sizes and the quota; returns the settings unchanged when they are fine.
    pub fn validated(self) -> Result<Self, FieldError> {
        if let Some(edge) = self.sizes.custom_web
            && !CUSTOM_WEB_RANGE.contains(&edge)
        {
            return Err(FieldError {
                field: "custom_web".to_owned(),
                message: format!(
                    "Choose a custom web size between {} and {} px on the long edge.",
                    CUSTOM_WEB_RANGE.start(),
                    CUSTOM_WEB_RANGE.end()
                ),
            });
        }
        if let Some((w, h)) = self.sizes.custom_box
            && !(CUSTOM_BOX_RANGE.contains(&w) && CUSTOM_BOX_RANGE.contains(&h))
        {
            return Err(FieldError {
                field: "custom_box".to_owned(),
                message: format!(
                    "Choose a custom high-res box with sides between {} and {} px.",
                    CUSTOM_BOX_RANGE.start(),
                    CUSTOM_BOX_RANGE.end()
                ),
            });
        }
        if self.high_res_quota.is_some_and(|q| q > MAX_QUOTA) {
            return Err(FieldError {
                field: "high_res_quota".to_owned(),
                message: format!("Choose a quota of at most {MAX_QUOTA}, or leave it empty for no limit."),
            });
        }
        Ok(self)
    }
}

/// Checks a download PIN: 4 to 6 digits.
pub fn download_pin(raw: &str) -> Result<String, FieldError> {
    let pin = raw.trim();
    if (4..=6).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(pin.to_owned())
    } else {
        Err(FieldError { field: "pin".to_owned(), message: "A PIN is 4 to 6 digits.".to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_limits() {
        let s = GallerySettings::default();
        assert!(s.email_tracking && !s.switches.downloads && s.switches.selects);
        assert_eq!(s.validated(), Ok(s));
        let mut bad = s;
        bad.sizes.custom_web = Some(50);
        assert_eq!(bad.validated().map_err(|e| e.field), Err("custom_web".to_owned()));
        let mut bad = s;
        bad.sizes.custom_box = Some((4000, 100));
        assert_eq!(bad.validated().map_err(|e| e.field), Err("custom_box".to_owned()));
        let mut bad = s;
        bad.high_res_quota = Some(MAX_QUOTA + 1);
        assert!(bad.validated().is_err());
    }

    #[test]
    fn pins() {
        assert_eq!(download_pin(" 1234 "), Ok("1234".to_owned()));
        assert_eq!(download_pin("123456"), Ok("123456".to_owned()));
        for bad in ["123", "1234567", "12a4", "", "１２３４"] {
            assert!(download_pin(bad).is_err(), "{bad}");
        }
    }
}
