//! Gallery-level vocabulary shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// Whether visitors can open a gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GalleryStatus {
    /// Only the studio sees it.
    Draft,
    /// Anyone with its link sees it.
    Published,
}

impl GalleryStatus {
    /// The value stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    /// Parses the stored value; anything unknown is treated as a draft (never shown by mistake).
    pub fn parse(s: &str) -> Self {
        if s == "published" { Self::Published } else { Self::Draft }
    }
}

/// Where an image is in its life after upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImageStatus {
    /// Uploaded; renditions are being made.
    Processing,
    /// Every standard rendition exists.
    Ready,
    /// Renditions could not be made (the reason is kept for the photographer).
    Failed,
}

impl ImageStatus {
    /// The value stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Processing => "processing",
            Self::Ready => "ready",
            Self::Failed => "failed",
        }
    }

    /// Parses the stored value.
    pub fn parse(s: &str) -> Self {
        match s {
            "ready" => Self::Ready,
            "failed" => Self::Failed,
            _ => Self::Processing,
        }
    }
}
