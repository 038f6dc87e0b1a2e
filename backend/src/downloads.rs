//! Downloads: one image in one size, or a ZIP of many, each decided by the policy (the ZIP both
//! as a whole and entry by entry), counted against the high-res quota, and logged.

pub mod files;
pub mod log;
pub mod quota;
pub mod single;
pub mod zip;
pub mod zip_layout;

/// How far a download's decision goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The menu's check before the browser starts the download. Decided as the download would
    /// be; where it counts against the free high-res quota, its files are made and its images
    /// counted now, so a client who lost the race for the last free download reads why on the
    /// page (a browser shows a refused download as a failed file, without its sentence). The
    /// download itself then finds them counted and costs nothing more.
    Check,
    /// The download itself: its files made, and what it counts given to count as it is sent.
    Send,
}
