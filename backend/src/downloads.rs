//! Downloads: one image in one size, or a ZIP of many, each decided by the policy (the ZIP both
//! as a whole and entry by entry), counted against the high-res quota, and logged.

pub mod files;
pub mod log;
pub mod quota;
pub mod single;
pub mod zip;
pub mod zip_layout;
