//! Engagement: what visitors do in a gallery, recorded as it happens and added to running counts,
//! the reports read from those counts, and the photographer's daily digest.
//!
//! - `record`: events in (the raw row, kept 13 months, and the counts beside it).
//! - `counts`: the running counts, what a range holds, and forgetting old days.
//! - `visitors`: who a visitor is within a day (a salted hash; no address is stored).
//! - `hooks`: the events the rest of the backend records (a visit, a view, a download…).
//! - `report`: a gallery's report and the studio's overview, and their CSV files.
//! - `digest`: the daily digest job.
//! - `retention`: forgets events after 13 months and salts after two days.

pub mod counts;
pub mod digest;
pub mod hooks;
pub mod record;
pub mod report;
pub mod retention;
pub mod visitors;
