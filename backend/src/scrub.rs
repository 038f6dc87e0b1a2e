//! The scrub (`Job::ScrubOriginals`, periodic): placeholder, filled in by the next commit.

use crate::ctx::Ctx;
use crate::jobs::worker::{JobError, Next};

/// The job.
pub async fn run(_ctx: &Ctx) -> Result<Next, JobError> {
    Ok(Next::Again(std::time::Duration::from_secs(3600)))
}
