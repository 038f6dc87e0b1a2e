//! The archive tier. An image's original, and the custom download sizes made from it, move to a
//! second store (`Ctx::archive`) when the image is old (`PROOFROOM_ARCHIVE_AFTER_DAYS`) or when
//! its photographer archives the gallery; its previews stay live, so the gallery looks the same.
//! A download that needs an archived file becomes a restore request (`requests`), served by a
//! job that copies the files back for a while (`restoring`) and emails a link; the periodic job
//! (`tiering`) archives old images and takes expired restores back.
//!
//! Nothing is lost: every copy between tiers is read back and its SHA-256 checked before the row
//! says it is there, and a copy is deleted only after the row says the other tier holds a checked
//! one (`moves`). A crash between any two steps leaves at least one checked copy and a row that
//! still describes a copy that exists; running the step again finishes it, and the storage sweep
//! removes a live copy whose row says it is archived.

pub mod files;
pub mod moves;
pub mod requester;
pub mod requests;
pub mod restoring;
pub mod tiering;
pub mod usage;
