//! Persistent background jobs in the database, claimed safely by any worker of any instance.
//!
//! Why not apalis: a job here is one row and one conditional `UPDATE` to claim it, which works the
//! same on SQLite and PostgreSQL, needs no second connection pool or schema of its own, and makes
//! "a crash mid-job runs it again" a plain property of the lease (`locked_until`). Jobs carry ids
//! only and must be safe to run twice.

pub mod periodic;
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
    /// Send one outbox message (`mail::send`).
    SendMail { outbox_id: uuid::Uuid },
    /// Remove stored objects no row refers to, left by crashes (`sweep`). Periodic.
    SweepStorage,
    /// Re-read a share of the stored originals and check them against their checksums
    /// (`scrub`). Periodic.
    ScrubOriginals,
}

impl Job {
    /// The stored kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::RenderImage { .. } => "render_image",
            Job::MakeDownloadSizes { .. } => "make_download_sizes",
            Job::SendMail { .. } => "send_mail",
            Job::SweepStorage => "sweep_storage",
            Job::ScrubOriginals => "scrub_originals",
        }
    }

    /// How often the job is tried before it is buried. Mail and periodic jobs are never given up: the message waits
    /// in the outbox however long the mail server is away (`mail::outbox` says why), tried at the
    /// pace of `MailConfig::retry_max`; `i32::MAX` tries at one per ten minutes is 40,000 years.
    pub fn max_attempts(&self) -> i32 {
        match self {
            // Periodic jobs stay for good too: a failed run waits its back-off and tries again.
            Job::SendMail { .. } | Job::SweepStorage | Job::ScrubOriginals => i32::MAX,
            Job::RenderImage { .. } | Job::MakeDownloadSizes { .. } => queue::MAX_ATTEMPTS,
        }
    }
}
