//! Reusable pieces of pages.

pub mod downloads;
pub mod downloads_log;
pub mod error_note;
pub mod image_grid;
pub mod invite_panel;
pub mod lightbox;
pub mod settings_panel;
pub mod upload;
