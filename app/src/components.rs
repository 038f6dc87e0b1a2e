//! Reusable pieces of pages.

pub mod error_note;
pub mod image_grid;
pub mod lightbox;
pub mod upload;
