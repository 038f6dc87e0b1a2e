//! Engagement: what visitors do in a gallery, recorded as it happens and summed into daily rows,
//! the reports read from those rows, and the photographer's daily digest.
//!
//! - `record`: events in (the raw row, kept 13 months, and the daily counts beside it).
//! - `visitors`: who a visitor is within a day (a salted hash; no address is stored).
//! - `hooks`: the events the rest of the backend records (a visit, a view, a download…).
//! - `report`: a gallery's report and the studio's overview, and their CSV files.
//! - `digest`: the daily digest job.
//! - `retention`: forgets events after 13 months and salts after two days.

pub mod digest;
pub mod hooks;
pub mod record;
pub mod report;
pub mod retention;
pub mod visitors;
