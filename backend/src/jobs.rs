//! Persistent background jobs in the database, claimed safely by any worker of any instance.
//!
//! Why not apalis: a job here is one row and one conditional `UPDATE` to claim it, which works the
//! same on SQLite and PostgreSQL, needs no second connection pool or schema of its own, and makes
//! "a crash mid-job runs it again" a plain property of the lease (`locked_until`). Jobs carry ids
//! only and must be safe to run twice.

pub mod queue;
pub mod worker;

use serde::{Deserialize, Serialize};

/// Every kind of job, with its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Job {
    /// Make the standard renditions of an image.
    RenderImage { image_id: uuid::Uuid },
    /// Make an image's files in its gallery's custom download sizes, so no download (and no ZIP)
    /// waits for them.
    MakeDownloadSizes { image_id: uuid::Uuid },
}

impl Job {
    /// The stored kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::RenderImage { .. } => "render_image",
            Job::MakeDownloadSizes { .. } => "make_download_sizes",
        }
    }
}
