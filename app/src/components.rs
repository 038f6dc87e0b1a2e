//! Reusable pieces of pages.

pub mod annotate;
pub mod annotations_panel;
pub mod comments;
pub mod compare;
pub mod contact_sheet;
pub mod downloads;
pub mod downloads_log;
pub mod error_note;
pub mod image_grid;
pub mod inbox_panel;
pub mod invite_panel;
pub mod lightbox;
pub mod marks;
pub mod orders_panel;
pub mod prompts;
pub mod proofing;
pub mod selects;
pub mod selects_panel;
pub mod settings_panel;
pub mod share;
pub mod shop;
pub mod store_panel;
pub mod upload;
pub mod watermark_settings;
